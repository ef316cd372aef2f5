import {
  NODE_TYPES,
  type AlertRow,
  type ArticleRow,
  type CadreRow,
  type CandidateRow,
  type CareerEventRow,
  type EvaluationRow,
  type MentorshipRow,
  type NodeType,
  type OracleViewer,
  type PostingRow,
  type ReportRow,
  type Row,
  type SessionRow,
  type Snapshot,
} from './visibility-snapshot';

const DAY_MS = 24 * 3600 * 1000;

/** "Records written while it was active": created before the posting's last day ended in China. */
function writtenWhileOpen(posting: PostingRow, createdAt: Date): boolean {
  if (posting.actualEndDate === null) return true;
  return createdAt.getTime() < Date.parse(`${posting.actualEndDate}T00:00:00+08:00`) + DAY_MS;
}

type RecordKind = 'mentorship' | 'report' | 'evaluation';

/**
 * Which rows of each Node type a viewer may read (DESIGN §4), and which personal or narrative
 * fields; VisibilityOracle builds lists, relations and aggregates on it.
 */
export class ScopeOracle {
  protected readonly rows: Record<NodeType, Map<number, Row>>;

  constructor(
    readonly db: Snapshot,
    readonly viewer: OracleViewer,
  ) {
    const index = <T extends Row>(list: T[]) => new Map(list.map((r) => [r.id, r] as const));
    this.rows = {
      Unit: index(db.units),
      Cadre: index(db.cadres),
      CareerEvent: index(db.careerEvents),
      SelectionRound: index(db.rounds),
      Candidate: index(db.candidates),
      Posting: index(db.postings),
      Mentorship: index(db.mentorships),
      MentorSession: index(db.sessions),
      FeedbackReport: index(db.reports),
      Evaluation: index(db.evaluations),
      Debrief: index(db.debriefs),
      ExperienceArticle: index(db.articles),
      User: index(db.users),
      AuditEntry: index(db.auditEntries),
      Policy: index(db.policies),
      CalendarDay: index(db.calendarDays),
      ApiKey: index(db.apiKeys),
      Alert: index(db.alerts),
    };
  }

  private get seesAll(): boolean {
    // DESIGN doubt: §4 lists for ANALYST "aggregates, alerts, postings and cadres"; the server also
    // gives analysts every career event, report, mentorship, candidate and debrief (with personal
    // data and narratives nulled). The oracle follows the server.
    return this.viewer.role === 'ORG_ADMIN' || this.viewer.role === 'ANALYST';
  }

  row<T extends Row>(type: NodeType, id: number): T | undefined {
    return this.rows[type].get(id) as T | undefined;
  }

  exists(type: NodeType, id: number): boolean {
    return this.rows[type].has(id);
  }

  /** Every (type, id) of the fixture, for walking node/nodes. */
  allRows(): { type: NodeType; id: number }[] {
    return NODE_TYPES.flatMap((type) => [...this.rows[type].keys()].map((id) => ({ type, id })));
  }

  visible(type: NodeType): number[] {
    return [...this.rows[type].keys()].filter((id) => this.canRead(type, id));
  }

  canRead(type: NodeType, id: number): boolean {
    const row = this.rows[type].get(id);
    if (!row) return false;
    const v = this.viewer;
    switch (type) {
      case 'Unit':
      case 'Policy':
      case 'CalendarDay':
        // "all units" for unit managers; the directory, the thresholds and the work calendar are
        // public to staff.
        return true;
      case 'Cadre':
        return this.canReadCadre(row as CadreRow);
      case 'CareerEvent': {
        // DESIGN silent on career events: they are part of the cadre's own file, so the home
        // unit and the cadre themself; a receiving unit never sees them ("no longer sees later
        // career events" is then trivially true).
        const event = row as CareerEventRow;
        if (this.seesAll) return true;
        if (v.role === 'UNIT_MANAGER') return this.cadre(event.cadreId)?.homeUnitId === v.unitId;
        return (v.role === 'MENTOR' || v.role === 'CADRE') && event.cadreId === v.cadreId;
      }
      case 'SelectionRound':
        // DESIGN silent: rounds are announced to all staff; a cadre (or mentor) sees rounds they
        // stand in.
        if (v.role === 'MENTOR' || v.role === 'CADRE')
          return this.db.candidates.some((c) => c.roundId === id && c.cadreId === v.cadreId);
        return v.role === 'ORG_ADMIN' || v.role === 'ANALYST' || v.role === 'UNIT_MANAGER';
      case 'Candidate': {
        // "nominates cadres of U": the nominating unit and the cadre's home unit.
        const c = row as CandidateRow;
        if (this.seesAll) return true;
        if (v.role === 'UNIT_MANAGER')
          return c.nominatingUnitId === v.unitId || this.cadre(c.cadreId)?.homeUnitId === v.unitId;
        return (v.role === 'MENTOR' || v.role === 'CADRE') && c.cadreId === v.cadreId;
      }
      case 'Posting':
        return this.canReadPosting(row as PostingRow);
      case 'Mentorship': {
        const m = row as MentorshipRow;
        return this.canReadRecord('mentorship', m.postingId, m.createdAt, null);
      }
      case 'MentorSession': {
        const s = row as SessionRow;
        const m = this.row<MentorshipRow>('Mentorship', s.mentorshipId);
        return !!m && this.canReadRecord('mentorship', m.postingId, s.createdAt, null);
      }
      case 'FeedbackReport': {
        const r = row as ReportRow;
        return this.canReadRecord('report', r.postingId, r.createdAt, null);
      }
      case 'Evaluation': {
        const e = row as EvaluationRow;
        return this.canReadRecord('evaluation', e.postingId, e.createdAt, e.status);
      }
      case 'Debrief':
        // A seminar is a record of each posting discussed, written after the return: the
        // receiving unit (time-boxed) never reads it.
        return this.db.debriefPostings.some(
          (d) =>
            d.debriefId === id &&
            this.canReadRecord('mentorship', d.postingId, row.createdAt, null),
        );
      case 'ExperienceArticle': {
        // DESIGN silent: published articles (简报, 通报, 网站) are public to every signed-in
        // user; drafts are records of their posting.
        const a = row as ArticleRow;
        return (
          a.publishedIn.length > 0 ||
          this.canReadRecord('mentorship', a.postingId, a.createdAt, null)
        );
      }
      case 'User':
        // DESIGN silent: accounts are the org department's; everyone reads their own.
        return v.role === 'ORG_ADMIN' || id === v.userId;
      case 'AuditEntry':
      case 'ApiKey':
        return v.role === 'ORG_ADMIN';
      case 'Alert': {
        // "ANALYST reads … alerts"; DESIGN silent on the other roles. A unit manager follows its
        // postings, a receiving unit only while the posting is ACTIVE (an alert on a finished
        // posting, e.g. UNUSED_TALENT, speaks of the cadre's later career). Mentors and cadres
        // see none.
        const p = this.row<PostingRow>('Posting', (row as AlertRow).postingId);
        if (!p) return false;
        if (this.seesAll) return true;
        return (
          v.role === 'UNIT_MANAGER' &&
          (p.sendingUnitId === v.unitId ||
            (p.receivingUnitId === v.unitId && p.status === 'ACTIVE'))
        );
      }
    }
  }

  private cadre(id: number): CadreRow | undefined {
    return this.row<CadreRow>('Cadre', id);
  }

  protected currentMentorship(postingId: number): MentorshipRow | undefined {
    return this.db.mentorships.find((m) => m.postingId === postingId && m.endDate === null);
  }

  private canReadCadre(cadre: CadreRow): boolean {
    const v = this.viewer;
    if (this.seesAll) return true;
    switch (v.role) {
      case 'UNIT_MANAGER':
        return (
          cadre.homeUnitId === v.unitId ||
          // "postings received by U with their cadre … while ACTIVE"
          this.db.postings.some(
            (p) =>
              p.cadreId === cadre.id && p.receivingUnitId === v.unitId && p.status === 'ACTIVE',
          ) ||
          // DESIGN doubt: not in §4, but the server lets the sending unit read the current mentor
          // of its cadres posted elsewhere (who is mentoring our cadre); the oracle follows it.
          this.db.mentorships.some(
            (m) =>
              m.mentorId === cadre.id &&
              m.endDate === null &&
              this.row<PostingRow>('Posting', m.postingId)?.sendingUnitId === v.unitId,
          )
        );
      case 'MENTOR':
        // "own mentees' profiles": current mentees only; and their own record.
        return (
          cadre.id === v.cadreId ||
          this.db.postings.some(
            (p) => p.cadreId === cadre.id && this.currentMentorship(p.id)?.mentorId === v.cadreId,
          )
        );
      case 'CADRE':
        // "own profile … mentorship": the current mentor comes with the mentorship.
        return (
          cadre.id === v.cadreId ||
          this.db.mentorships.some(
            (m) =>
              m.mentorId === cadre.id &&
              m.endDate === null &&
              this.row<PostingRow>('Posting', m.postingId)?.cadreId === v.cadreId,
          )
        );
      default:
        return false;
    }
  }

  private canReadPosting(p: PostingRow): boolean {
    const v = this.viewer;
    if (this.seesAll) return true;
    switch (v.role) {
      case 'UNIT_MANAGER':
        // "postings sent by U (always); postings received by U … afterwards only the posting".
        // DESIGN doubt: the server also shows the receiving unit PLANNED postings (before they
        // are ACTIVE); the oracle follows the server.
        return p.sendingUnitId === v.unitId || p.receivingUnitId === v.unitId;
      case 'MENTOR':
        return p.cadreId === v.cadreId || this.currentMentorship(p.id)?.mentorId === v.cadreId;
      case 'CADRE':
        return p.cadreId === v.cadreId;
      default:
        return false;
    }
  }

  /**
   * Records attached to a posting. Sending unit: everything. Receiving unit: what was written while
   * the posting was open. The cadre: own mentorships and FINALIZED evaluations ("FINALIZED
   * evaluations of self"), not feedback reports (they go to the sending unit and the org
   * department). The current mentor: the mentee's mentorships, reports and evaluations.
   */
  private canReadRecord(
    kind: RecordKind,
    postingId: number,
    createdAt: Date,
    status: string | null,
  ): boolean {
    const v = this.viewer;
    const p = this.row<PostingRow>('Posting', postingId);
    if (!p) return false;
    if (this.seesAll) return true;
    const own =
      p.cadreId === v.cadreId &&
      (kind === 'mentorship' || (kind === 'evaluation' && status === 'FINALIZED'));
    switch (v.role) {
      case 'UNIT_MANAGER':
        return (
          p.sendingUnitId === v.unitId ||
          (p.receivingUnitId === v.unitId && writtenWhileOpen(p, createdAt))
        );
      case 'MENTOR':
        // DESIGN doubt: a mentor also reads other evaluators' DRAFT evaluations of the mentee.
        return own || this.currentMentorship(p.id)?.mentorId === v.cadreId;
      case 'CADRE':
        return own;
      default:
        return false;
    }
  }

  /** 身份证号, 电话, exact birth date: the org department and the cadre themself. */
  personalData(cadreId: number): boolean {
    return this.viewer.role === 'ORG_ADMIN' || this.viewer.cadreId === cadreId;
  }

  /** Evaluation comments and inspection findings: hidden from analysts, and from mentors but their own. */
  narrative(evaluatedCadreId: number | undefined): boolean {
    if (this.viewer.role === 'ANALYST') return false;
    return this.viewer.role !== 'MENTOR' || this.viewer.cadreId === evaluatedCadreId;
  }
}
