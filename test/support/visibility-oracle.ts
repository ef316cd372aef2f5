import type { DataSource } from 'typeorm';

/**
 * An independent reading of DESIGN §4 ("Roles and what each may see and do"): given every row of
 * the database, which rows of each Node type a viewer may read, which personal or narrative fields
 * they may see, and what every relation and list should therefore return. It is written in plain
 * TypeScript from the DESIGN text and never calls the server's policies or reuses their SQL, so
 * that a loosened policy shows up as a difference between the two.
 *
 * Where the DESIGN is silent the oracle follows the server's documented behaviour; every such
 * choice is marked `DESIGN silent` or `DESIGN doubt` below.
 */

export type OracleRole = 'ORG_ADMIN' | 'UNIT_MANAGER' | 'MENTOR' | 'CADRE' | 'ANALYST';

export interface OracleViewer {
  role: OracleRole;
  userId: number | null;
  /** Unit managed (UNIT_MANAGER). */
  unitId: number | null;
  /** Own cadre record (MENTOR, CADRE). */
  cadreId: number | null;
}

export const NODE_TYPES = [
  'Unit',
  'Cadre',
  'CareerEvent',
  'SelectionRound',
  'Candidate',
  'Posting',
  'Mentorship',
  'MentorSession',
  'FeedbackReport',
  'Evaluation',
  'Debrief',
  'ExperienceArticle',
  'User',
  'AuditEntry',
  'Policy',
  'ApiKey',
  'Alert',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function isNodeType(name: string): name is NodeType {
  return (NODE_TYPES as readonly string[]).includes(name);
}

interface Row {
  id: number;
  createdAt: Date;
}
export interface UnitRow extends Row {
  parentId: number | null;
  kind: string;
}
export interface CadreRow extends Row {
  homeUnitId: number;
  isLeadership: boolean;
  idNumber: string;
  phone: string | null;
  birthDate: string;
}
export interface UserRow extends Row {
  role: string;
  unitId: number | null;
  cadreId: number | null;
}
export interface CareerEventRow extends Row {
  cadreId: number;
  kind: string;
  date: string;
}
export interface RoundRow extends Row {
  quota: number;
}
export interface CandidateRow extends Row {
  roundId: number;
  cadreId: number;
  nominatingUnitId: number;
  status: string;
}
export interface PostingRow extends Row {
  cadreId: number;
  type: string;
  sendingUnitId: number;
  receivingUnitId: number;
  status: string;
  startDate: string;
  actualEndDate: string | null;
  candidateId: number | null;
}
export interface MentorshipRow extends Row {
  postingId: number;
  mentorId: number;
  endDate: string | null;
}
export interface SessionRow extends Row {
  mentorshipId: number;
}
export interface ReportRow extends Row {
  postingId: number;
  submittedById: number | null;
}
export interface EvaluationRow extends Row {
  postingId: number;
  evaluatorId: number | null;
  kind: string;
  grade: string | null;
  date: string;
  status: string;
  /** The seven dimension scores, null where not given. */
  scores: (number | null)[];
  comments: string;
  findings: string | null;
  /** FINAL evaluations: the score frozen when finalized. */
  overallScore: number | null;
}
export type DebriefRow = Row;
export interface DebriefPostingRow {
  debriefId: number;
  postingId: number;
}
export interface ArticleRow extends Row {
  postingId: number;
  publishedIn: string[];
}
export interface AuditRow extends Row {
  actorId: number | null;
}
export interface PolicyRow extends Row {
  promotionWindowMonths: number;
  routineWeight: number;
  trackingWeight: number;
  finalWeight: number;
}
export interface ApiKeyRow extends Row {
  unitId: number | null;
  createdById: number;
}
/** A row of the alert view (DESIGN §3): which alerts stand today is data, who sees them is not. */
export interface AlertRow extends Row {
  postingId: number;
  kind: string;
}

/** Every row of the fixture database, read with plain SQL. */
export interface Snapshot {
  units: UnitRow[];
  cadres: CadreRow[];
  users: UserRow[];
  careerEvents: CareerEventRow[];
  rounds: RoundRow[];
  candidates: CandidateRow[];
  postings: PostingRow[];
  mentorships: MentorshipRow[];
  sessions: SessionRow[];
  reports: ReportRow[];
  evaluations: EvaluationRow[];
  debriefs: DebriefRow[];
  debriefPostings: DebriefPostingRow[];
  articles: ArticleRow[];
  auditEntries: AuditRow[];
  policies: PolicyRow[];
  apiKeys: ApiKeyRow[];
  alerts: AlertRow[];
}

export async function loadSnapshot(ds: DataSource): Promise<Snapshot> {
  const q = <T>(sql: string) => ds.query<T[]>(sql);
  const [{ hasApiKeys, hasAlerts }] = await q<{ hasApiKeys: boolean; hasAlerts: boolean }>(
    `SELECT to_regclass('api_key') IS NOT NULL AS "hasApiKeys",
      to_regclass('posting_alert') IS NOT NULL AS "hasAlerts"`,
  );
  return {
    units: await q(`SELECT id, created_at AS "createdAt", parent_id AS "parentId", kind FROM unit`),
    cadres: await q(`SELECT id, created_at AS "createdAt", home_unit_id AS "homeUnitId",
      is_leadership AS "isLeadership", id_number AS "idNumber", phone,
      birth_date::text AS "birthDate" FROM cadre`),
    users: await q(`SELECT id, created_at AS "createdAt", role, unit_id AS "unitId",
      cadre_id AS "cadreId" FROM app_user`),
    careerEvents: await q(`SELECT id, created_at AS "createdAt", cadre_id AS "cadreId", kind,
      date::text AS date FROM career_event`),
    rounds: await q(`SELECT id, created_at AS "createdAt", quota FROM selection_round`),
    candidates: await q(`SELECT id, created_at AS "createdAt", round_id AS "roundId",
      cadre_id AS "cadreId", nominating_unit_id AS "nominatingUnitId", status FROM candidate`),
    postings: await q(`SELECT id, created_at AS "createdAt", cadre_id AS "cadreId", type,
      sending_unit_id AS "sendingUnitId", receiving_unit_id AS "receivingUnitId", status,
      start_date::text AS "startDate", actual_end_date::text AS "actualEndDate",
      candidate_id AS "candidateId" FROM posting`),
    mentorships: await q(`SELECT id, created_at AS "createdAt", posting_id AS "postingId",
      mentor_id AS "mentorId", end_date::text AS "endDate" FROM mentorship`),
    sessions: await q(
      `SELECT id, created_at AS "createdAt", mentorship_id AS "mentorshipId" FROM mentor_session`,
    ),
    reports: await q(`SELECT id, created_at AS "createdAt", posting_id AS "postingId",
      submitted_by_id AS "submittedById" FROM feedback_report`),
    evaluations: await q(`SELECT id, created_at AS "createdAt", posting_id AS "postingId",
      evaluator_id AS "evaluatorId", kind, grade, date::text AS date, status, comments, findings,
      overall_score::float8 AS "overallScore",
      ARRAY[political_conduct_score, moral_character_score, leadership_score, work_ability_score,
        mass_line_score, initiative_score, discipline_score]::int[] AS scores
      FROM evaluation`),
    debriefs: await q(`SELECT id, created_at AS "createdAt" FROM debrief`),
    debriefPostings: await q(
      `SELECT debrief_id AS "debriefId", posting_id AS "postingId" FROM debrief_posting`,
    ),
    articles: await q(`SELECT id, created_at AS "createdAt", posting_id AS "postingId",
      published_in AS "publishedIn" FROM experience_article`),
    auditEntries: await q(`SELECT id, at AS "createdAt", actor_id AS "actorId" FROM audit_entry`),
    policies: await q(`SELECT id, created_at AS "createdAt",
      promotion_window_months AS "promotionWindowMonths", routine_weight::float AS "routineWeight",
      tracking_weight::float AS "trackingWeight", final_weight::float AS "finalWeight" FROM policy`),
    apiKeys: hasApiKeys
      ? await q(`SELECT id, created_at AS "createdAt", unit_id AS "unitId",
          created_by_id AS "createdById" FROM api_key`)
      : [],
    alerts: hasAlerts
      ? await q(`SELECT id, now() AS "createdAt", posting_id AS "postingId", kind
          FROM posting_alert`)
      : [],
  };
}

/** What a to-one relation field should resolve to for this viewer. */
export type Single =
  | { kind: 'none' }
  | { kind: 'object'; type: NodeType; id: number }
  /** The row exists but is outside the viewer's scope: null with FORBIDDEN at the path. */
  | { kind: 'denied'; type: NodeType; id: number };

/** What a connection (or root list) should contain: every readable child, all on one page. */
export interface Children {
  type: NodeType;
  ids: number[];
}

const DAY_MS = 24 * 3600 * 1000;

/** "Records written while it was active": created before the posting's last day ended in China. */
function writtenWhileOpen(posting: PostingRow, createdAt: Date): boolean {
  if (posting.actualEndDate === null) return true;
  return createdAt.getTime() < Date.parse(`${posting.actualEndDate}T00:00:00+08:00`) + DAY_MS;
}

type RecordKind = 'mentorship' | 'report' | 'evaluation';

export class VisibilityOracle {
  private readonly rows: Record<NodeType, Map<number, Row>>;

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
        // "all units" for unit managers; the directory and the thresholds are public to staff.
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

  private currentMentorship(postingId: number): MentorshipRow | undefined {
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

  /** Root lists by name; `undefined` for roots the oracle has no rule for. */
  rootList(field: string): Children | undefined {
    const type = ROOT_LISTS[field];
    return type ? { type, ids: this.visible(type) } : undefined;
  }

  /**
   * Whether the role may call a root list at all (DESIGN: deny by default). Cadres read no
   * feedback reports and are not staff of selection; the audit trail and API keys are the org
   * department's.
   */
  mayCallRoot(field: string): boolean {
    const role = this.viewer.role;
    if (field === 'auditEntries' || field === 'apiKeys') return role === 'ORG_ADMIN';
    // Alerts and statistics: staff who run or study the programme, not mentors or cadres.
    if (field === 'alerts' || field === 'statistics')
      return role === 'ORG_ADMIN' || role === 'UNIT_MANAGER' || role === 'ANALYST';
    if (field === 'feedbackReports' || field === 'selectionRounds') return role !== 'CADRE';
    return true;
  }

  /** A connection under a parent; `undefined` when the oracle has no rule for it. */
  children(type: NodeType, field: string, parentId: number): Children | undefined {
    const db = this.db;
    const of = <T extends Row>(t: NodeType, list: T[], match: (r: T) => boolean): Children => ({
      type: t,
      ids: list.filter((r) => match(r) && this.canRead(t, r.id)).map((r) => r.id),
    });
    switch (`${type}.${field}`) {
      case 'Unit.cadres':
        return of('Cadre', db.cadres, (c) => c.homeUnitId === parentId);
      case 'Unit.leadershipTeam':
        return of('Cadre', db.cadres, (c) => c.homeUnitId === parentId && c.isLeadership);
      case 'Unit.children':
        return of('Unit', db.units, (u) => u.parentId === parentId);
      case 'Unit.postingsReceived':
        return of('Posting', db.postings, (p) => p.receivingUnitId === parentId);
      case 'Unit.postingsSent':
        return of('Posting', db.postings, (p) => p.sendingUnitId === parentId);
      case 'Cadre.postings':
        return of('Posting', db.postings, (p) => p.cadreId === parentId);
      case 'Cadre.careerEvents':
        return of('CareerEvent', db.careerEvents, (e) => e.cadreId === parentId);
      case 'Cadre.mentoring':
        return of('Mentorship', db.mentorships, (m) => m.mentorId === parentId);
      case 'Cadre.candidacies':
        return of('Candidate', db.candidates, (c) => c.cadreId === parentId);
      case 'Posting.evaluations':
        return of('Evaluation', db.evaluations, (e) => e.postingId === parentId);
      case 'Posting.feedbackReports':
        return of('FeedbackReport', db.reports, (r) => r.postingId === parentId);
      case 'Posting.mentorships':
        return of('Mentorship', db.mentorships, (m) => m.postingId === parentId);
      case 'Posting.alerts':
        return of('Alert', db.alerts, (a) => a.postingId === parentId);
      case 'Posting.experienceArticles':
        return of('ExperienceArticle', db.articles, (a) => a.postingId === parentId);
      case 'Mentorship.sessions':
        return of('MentorSession', db.sessions, (s) => s.mentorshipId === parentId);
      case 'SelectionRound.candidates':
        return of('Candidate', db.candidates, (c) => c.roundId === parentId);
      case 'Debrief.postings': {
        const ids = new Set(
          db.debriefPostings.filter((d) => d.debriefId === parentId).map((d) => d.postingId),
        );
        return of('Posting', db.postings, (p) => ids.has(p.id));
      }
      default:
        return undefined;
    }
  }

  /** A to-one relation; `undefined` when the oracle has no rule for it. */
  single(type: NodeType, field: string, parentId: number): Single | undefined {
    const ref = (t: NodeType, id: number | null | undefined): Single => {
      if (id === null || id === undefined) return { kind: 'none' };
      return this.canRead(t, id)
        ? { kind: 'object', type: t, id }
        : { kind: 'denied', type: t, id };
    };
    const parent = this.rows[type].get(parentId);
    if (!parent) return undefined;
    const p = <T extends Row>() => parent as T;
    switch (`${type}.${field}`) {
      case 'Unit.parent':
        return ref('Unit', p<UnitRow>().parentId);
      case 'Cadre.homeUnit':
        return ref('Unit', p<CadreRow>().homeUnitId);
      case 'CareerEvent.cadre':
        return ref('Cadre', p<CareerEventRow>().cadreId);
      case 'Candidate.round':
        return ref('SelectionRound', p<CandidateRow>().roundId);
      case 'Candidate.cadre':
        return ref('Cadre', p<CandidateRow>().cadreId);
      case 'Candidate.nominatingUnit':
        return ref('Unit', p<CandidateRow>().nominatingUnitId);
      case 'Posting.cadre':
        return ref('Cadre', p<PostingRow>().cadreId);
      case 'Posting.sendingUnit':
        return ref('Unit', p<PostingRow>().sendingUnitId);
      case 'Posting.receivingUnit':
        return ref('Unit', p<PostingRow>().receivingUnitId);
      case 'Posting.candidate':
        return ref('Candidate', p<PostingRow>().candidateId);
      case 'Posting.mentorship': {
        // The current mentorship, if the viewer may read it; otherwise simply none.
        const current = this.currentMentorship(parentId);
        return current && this.canRead('Mentorship', current.id)
          ? { kind: 'object', type: 'Mentorship', id: current.id }
          : { kind: 'none' };
      }
      case 'Mentorship.posting':
        return ref('Posting', p<MentorshipRow>().postingId);
      case 'Mentorship.mentor':
        return ref('Cadre', p<MentorshipRow>().mentorId);
      case 'MentorSession.mentorship':
        return ref('Mentorship', p<SessionRow>().mentorshipId);
      case 'FeedbackReport.posting':
        return ref('Posting', p<ReportRow>().postingId);
      case 'FeedbackReport.submittedBy':
        return ref('User', p<ReportRow>().submittedById);
      case 'Evaluation.posting':
        return ref('Posting', p<EvaluationRow>().postingId);
      case 'Evaluation.evaluator':
        return ref('User', p<EvaluationRow>().evaluatorId);
      case 'ExperienceArticle.posting':
        return ref('Posting', p<ArticleRow>().postingId);
      case 'User.unit':
        return ref('Unit', p<UserRow>().unitId);
      case 'User.cadre':
        return ref('Cadre', p<UserRow>().cadreId);
      case 'AuditEntry.actor':
        return ref('User', p<AuditRow>().actorId);
      case 'ApiKey.unit':
        return ref('Unit', p<ApiKeyRow>().unitId);
      case 'ApiKey.createdBy':
        return ref('User', p<ApiKeyRow>().createdById);
      case 'Alert.posting':
        return ref('Posting', p<AlertRow>().postingId);
      default:
        return undefined;
    }
  }

  /** Entries of a cadre's timeline: readable career events, starts and ends of readable postings. */
  timelineLength(cadreId: number): number {
    const events = this.children('Cadre', 'careerEvents', cadreId)?.ids.length ?? 0;
    const postings = this.db.postings.filter(
      (p) => p.cadreId === cadreId && this.canRead('Posting', p.id),
    );
    return events + postings.length + postings.filter((p) => p.actualEndDate !== null).length;
  }

  /**
   * Programme statistics (DESIGN §4: ANALYST reads "aggregates"): each counts only what the
   * viewer could list, so no number tells more than the lists do.
   */
  statistics(): OracleStatistics {
    const postings = this.visible('Posting').map((id) => this.row<PostingRow>('Posting', id)!);
    const evaluations = this.visible('Evaluation')
      .map((id) => this.row<EvaluationRow>('Evaluation', id)!)
      .filter((e) => this.canRead('Posting', e.postingId));
    const tally = (keys: string[]) => {
      const counts: Record<string, number> = {};
      for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    };
    const finals = evaluations.filter((e) => e.kind === 'FINAL');
    const window = this.db.policies[0]?.promotionWindowMonths ?? 12;
    const excellentReturns = postings.filter(
      (p) =>
        p.status === 'COMPLETED' &&
        finals.some(
          (e) => e.postingId === p.id && e.status === 'FINALIZED' && e.grade === 'EXCELLENT',
        ),
    );
    const promoted = excellentReturns.filter((p) =>
      this.visible('CareerEvent')
        .map((id) => this.row<CareerEventRow>('CareerEvent', id)!)
        .some(
          (ce) =>
            ce.cadreId === p.cadreId &&
            (ce.kind === 'PROMOTED' || ce.kind === 'APPOINTED') &&
            ce.date >= (p.actualEndDate ?? '') &&
            ce.date <= addMonths(p.actualEndDate ?? '', window),
        ),
    );
    const unitKind = (p: number) =>
      this.row<UnitRow>('Unit', this.row<PostingRow>('Posting', p)!.receivingUnitId)!.kind;
    return {
      postingCounts: tally(postings.map((p) => `${p.type}/${p.status}`)),
      finalGrades: tally(
        finals.filter((e) => e.status === 'FINALIZED').map((e) => `${e.grade ?? ''}`),
      ),
      // The quota's denominator: FINAL evaluations submitted or finalized (drafts do not count).
      finalEvaluations: tally(
        finals
          .filter((e) => e.status !== 'DRAFT')
          .map((e) => `${unitKind(e.postingId)}/${e.date.slice(0, 4)}`),
      ),
      excellentFinals: tally(
        finals
          .filter((e) => e.status === 'FINALIZED' && e.grade === 'EXCELLENT')
          .map((e) => `${unitKind(e.postingId)}/${e.date.slice(0, 4)}`),
      ),
      alertCounts: tally(
        this.visible('Alert')
          .map((id) => this.row<AlertRow>('Alert', id)!)
          .filter((a) => this.canRead('Posting', a.postingId))
          .map((a) => a.kind),
      ),
      excellentReturns: excellentReturns.length,
      promotedWithinWindow: promoted.length,
    };
  }

  /**
   * A FINAL evaluation's weighted score (DESIGN §2). Once FINALIZED it is immutable: the score
   * stored at finalization, the same for every viewer. Before that, a preview over the finalized
   * ROUTINE and TRACKING_INSPECTION evaluations of its posting that the viewer may read: a
   * receiving unit's preview must not move with an inspection written after the posting ended.
   */
  overallScore(evaluationId: number): number | null {
    const evaluation = this.row<EvaluationRow>('Evaluation', evaluationId);
    const policy = this.db.policies[0];
    if (!evaluation || evaluation.kind !== 'FINAL') return null;
    if (evaluation.status === 'FINALIZED') return evaluation.overallScore;
    if (!policy) return null;
    const mean = (scores: (number | null)[]) => {
      const given = scores.filter((x): x is number => x !== null);
      return given.length ? given.reduce((a, b) => a + b, 0) / given.length : null;
    };
    const component = (kind: string) => {
      const means = this.db.evaluations
        .filter(
          (e) =>
            e.postingId === evaluation.postingId &&
            e.kind === kind &&
            e.status === 'FINALIZED' &&
            this.canRead('Evaluation', e.id),
        )
        .map((e) => mean(e.scores))
        .filter((m): m is number => m !== null);
      return means.length ? means.reduce((a, b) => a + b, 0) / means.length : null;
    };
    const parts: [number, number | null][] = [
      [policy.routineWeight, component('ROUTINE')],
      [policy.trackingWeight, component('TRACKING_INSPECTION')],
      [policy.finalWeight, mean(evaluation.scores)],
    ];
    const present = parts.filter((p): p is [number, number] => p[1] !== null);
    const weight = present.reduce((sum, [w]) => sum + w, 0);
    if (weight === 0) return null;
    return Math.round((present.reduce((sum, [w, x]) => sum + w * x, 0) / weight) * 100) / 100;
  }

  /** SELECTED candidates of a round among those the viewer may read (a scoped count). */
  selectedCount(roundId: number): number {
    return this.db.candidates.filter(
      (c) => c.roundId === roundId && c.status === 'SELECTED' && this.canRead('Candidate', c.id),
    ).length;
  }
}

/** Counts keyed `type/status`, `grade`, `receivingUnitKind/year` or alert kind. */
export interface OracleStatistics {
  postingCounts: Record<string, number>;
  finalGrades: Record<string, number>;
  finalEvaluations: Record<string, number>;
  excellentFinals: Record<string, number>;
  alertCounts: Record<string, number>;
  excellentReturns: number;
  promotedWithinWindow: number;
}

/** `YYYY-MM-DD` plus whole months (clamped to the month's last day, like PostgreSQL). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

const ROOT_LISTS: Partial<Record<string, NodeType>> = {
  units: 'Unit',
  cadres: 'Cadre',
  postings: 'Posting',
  mentorships: 'Mentorship',
  evaluations: 'Evaluation',
  feedbackReports: 'FeedbackReport',
  selectionRounds: 'SelectionRound',
  debriefs: 'Debrief',
  auditEntries: 'AuditEntry',
  apiKeys: 'ApiKey',
  alerts: 'Alert',
};
