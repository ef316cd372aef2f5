import { ScopeOracle } from './visibility-scope';
import type {
  AlertRow,
  ApiKeyRow,
  ArticleRow,
  AuditRow,
  CadreRow,
  CandidateRow,
  CareerEventRow,
  EvaluationRow,
  MentorshipRow,
  NodeType,
  PostingRow,
  ReportRow,
  Row,
  SessionRow,
  UnitRow,
  UserRow,
} from './visibility-snapshot';

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

/** What every list, relation and aggregate should show the viewer, given the rows in scope. */
export class VisibilityOracle extends ScopeOracle {
  /** Root lists by name; `undefined` for roots the oracle has no rule for. */
  rootList(field: string): Children | undefined {
    const type = ROOT_LISTS[field];
    if (!type) return undefined;
    // Alert lists show the alerts standing now unless asked for cleared ones (DESIGN silent).
    const open = new Set(this.db.alerts.filter((a) => a.open).map((a) => a.id));
    const ids = this.visible(type);
    return { type, ids: type === 'Alert' ? ids.filter((id) => open.has(id)) : ids };
  }

  /**
   * Whether the role may call a root list at all (DESIGN: deny by default). Cadres read no
   * feedback reports and are not staff of selection; the audit trail, API keys and accounts are
   * the org department's.
   */
  mayCallRoot(field: string): boolean {
    const role = this.viewer.role;
    if (field === 'auditEntries' || field === 'apiKeys' || field === 'users')
      return role === 'ORG_ADMIN';
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
        return of('Alert', db.alerts, (a) => a.postingId === parentId && a.open);
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
      case 'Alert.acknowledgedBy':
        return ref('User', p<AlertRow>().acknowledgedById);
      case 'Alert.assignee':
        return ref('User', p<AlertRow>().assigneeId);
      case 'Alert.assignedBy':
        return ref('User', p<AlertRow>().assignedById);
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
          .filter((a) => a.open && this.canRead('Posting', a.postingId))
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
  users: 'User',
  alerts: 'Alert',
};
