import type { DataSource } from 'typeorm';

/** The rows the visibility oracle reads: every row of the fixture database, by plain SQL. */

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
  'CalendarDay',
  'ApiKey',
  'Alert',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function isNodeType(name: string): name is NodeType {
  return (NODE_TYPES as readonly string[]).includes(name);
}

export interface Row {
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
  /** Still standing: lists show open alerts unless asked for cleared ones. */
  open: boolean;
  acknowledgedById: number | null;
  assigneeId: number | null;
  assignedById: number | null;
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
  calendarDays: Row[];
  apiKeys: ApiKeyRow[];
  alerts: AlertRow[];
}

export async function loadSnapshot(ds: DataSource): Promise<Snapshot> {
  const q = <T>(sql: string) => ds.query<T[]>(sql);
  const [{ hasApiKeys, hasAlerts }] = await q<{ hasApiKeys: boolean; hasAlerts: boolean }>(
    `SELECT to_regclass('api_key') IS NOT NULL AS "hasApiKeys",
      to_regclass('alert') IS NOT NULL AS "hasAlerts"`,
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
    calendarDays: await q(`SELECT id, created_at AS "createdAt" FROM calendar_day`),
    apiKeys: hasApiKeys
      ? await q(`SELECT id, created_at AS "createdAt", unit_id AS "unitId",
          created_by_id AS "createdById" FROM api_key`)
      : [],
    alerts: hasAlerts
      ? await q(`SELECT id, created_at AS "createdAt", posting_id AS "postingId", kind,
          cleared_on IS NULL AS open, acknowledged_by_id AS "acknowledgedById",
          assignee_id AS "assigneeId", assigned_by_id AS "assignedById" FROM alert`)
      : [],
  };
}
