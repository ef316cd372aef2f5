import type { Role } from '../common/role';
import type { CadreRank, Education, Gender, PoliticalStatus } from '../modules/cadre/cadre.entity';
import type { CareerEventKind } from '../modules/career/career-event.entity';
import type { PublicationVenue } from '../modules/debrief/experience-article.entity';
import type {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../modules/evaluation/evaluation-enums';
import type { PostingStatus, PostingType } from '../modules/posting/posting-type';
import type { CandidateStatus, InspectionResult } from '../modules/selection/candidate.entity';
import type { SelectionRoundStatus } from '../modules/selection/selection-round.entity';
import type { AdminLevel, FrontlineArea, UnitKind } from '../modules/unit/unit.entity';

/**
 * One interface per table, keyed by column name, so rows built in memory go straight into
 * `INSERT … SELECT * FROM unnest(…)`. Generators extend them with bookkeeping fields that are not
 * inserted (only the keys of a table's column spec are).
 */
export type Cell = string | number | boolean | null | readonly string[];

/** PostgreSQL type of the array each column is sent as. */
export type ColumnType = 'int' | 'smallint' | 'numeric' | 'text' | 'bool' | 'date' | 'timestamptz';

export type ArrayColumnType = 'text[]' | 'jsonb';

export interface TableSpec<R> {
  name: string;
  columns: { readonly [K in keyof R]-?: ColumnType | ArrayColumnType };
}

interface Timestamps {
  id: number;
  created_at: string;
  updated_at: string;
}

const timestamps = { id: 'int', created_at: 'timestamptz', updated_at: 'timestamptz' } as const;

export interface UnitRow extends Timestamps {
  /** 单位代码: the region code of its staff and a running number. */
  code: string;
  name: string;
  kind: UnitKind;
  admin_level: AdminLevel;
  region: string;
  is_developed_region: boolean;
  /** 急难险重领域 of a unit whose whole work is front-line (信访局, 重大项目服务中心). */
  frontline_area: FrontlineArea | null;
  parent_id: number | null;
}

export const UNIT: TableSpec<UnitRow> = {
  name: 'unit',
  columns: {
    ...timestamps,
    code: 'text',
    name: 'text',
    kind: 'text',
    admin_level: 'text',
    region: 'text',
    is_developed_region: 'bool',
    frontline_area: 'text',
    parent_id: 'int',
  },
};

export interface CadreRow extends Timestamps {
  name: string;
  gender: Gender;
  birth_date: string;
  education: Education;
  political_status: PoliticalStatus;
  home_unit_id: number;
  position_title: string;
  rank: CadreRank;
  is_leadership: boolean;
  is_reserve: boolean;
  is_trainee: boolean;
  is_recruited_graduate: boolean;
  specialties: readonly string[];
  id_number: string;
  phone: string | null;
}

export const CADRE: TableSpec<CadreRow> = {
  name: 'cadre',
  columns: {
    ...timestamps,
    name: 'text',
    gender: 'text',
    birth_date: 'date',
    education: 'text',
    political_status: 'text',
    home_unit_id: 'int',
    position_title: 'text',
    rank: 'text',
    is_leadership: 'bool',
    is_reserve: 'bool',
    is_trainee: 'bool',
    is_recruited_graduate: 'bool',
    specialties: 'text[]',
    id_number: 'text',
    phone: 'text',
  },
};

export interface UserRow extends Timestamps {
  username: string;
  password_hash: string;
  role: Role;
  unit_id: number | null;
  cadre_id: number | null;
  is_active: boolean;
  /** Set exactly when the account is not active (app_user_deactivated_check). */
  deactivated_at: string | null;
}

export const APP_USER: TableSpec<UserRow> = {
  name: 'app_user',
  columns: {
    ...timestamps,
    username: 'text',
    password_hash: 'text',
    role: 'text',
    unit_id: 'int',
    cadre_id: 'int',
    is_active: 'bool',
    deactivated_at: 'timestamptz',
  },
};

export interface CareerEventRow extends Timestamps {
  cadre_id: number;
  kind: CareerEventKind;
  date: string;
  position_title: string | null;
  rank: CadreRank | null;
  document_number: string | null;
}

export const CAREER_EVENT: TableSpec<CareerEventRow> = {
  name: 'career_event',
  columns: {
    ...timestamps,
    cadre_id: 'int',
    kind: 'text',
    date: 'date',
    position_title: 'text',
    rank: 'text',
    document_number: 'text',
  },
};

export interface SelectionRoundRow extends Timestamps {
  name: string;
  posting_type: PostingType;
  year: number;
  quota: number;
  status: SelectionRoundStatus;
  version: number;
}

export const SELECTION_ROUND: TableSpec<SelectionRoundRow> = {
  name: 'selection_round',
  columns: {
    ...timestamps,
    name: 'text',
    posting_type: 'text',
    year: 'int',
    quota: 'int',
    status: 'text',
    version: 'int',
  },
};

export interface CandidateRow extends Timestamps {
  round_id: number;
  cadre_id: number;
  nominating_unit_id: number;
  written_exam_score: number | null;
  interview_score: number | null;
  inspection_result: InspectionResult | null;
  inspection_notes: string | null;
  status: CandidateStatus;
  training_completed_at: string | null;
  version: number;
}

export const CANDIDATE: TableSpec<CandidateRow> = {
  name: 'candidate',
  columns: {
    ...timestamps,
    round_id: 'int',
    cadre_id: 'int',
    nominating_unit_id: 'int',
    written_exam_score: 'numeric',
    interview_score: 'numeric',
    inspection_result: 'text',
    inspection_notes: 'text',
    status: 'text',
    training_completed_at: 'timestamptz',
    version: 'int',
  },
};

export interface PostingRow extends Timestamps {
  cadre_id: number;
  sending_unit_id: number;
  receiving_unit_id: number;
  type: PostingType;
  position_title: string;
  position_rank: CadreRank;
  frontline_area: FrontlineArea | null;
  is_substantive: boolean;
  responsibilities: readonly string[];
  training_plan: string | null;
  start_date: string;
  planned_end_date: string;
  actual_end_date: string | null;
  status: PostingStatus;
  termination_reason: string | null;
  candidate_id: number | null;
  version: number;
}

export const POSTING: TableSpec<PostingRow> = {
  name: 'posting',
  columns: {
    ...timestamps,
    cadre_id: 'int',
    sending_unit_id: 'int',
    receiving_unit_id: 'int',
    type: 'text',
    position_title: 'text',
    position_rank: 'text',
    frontline_area: 'text',
    is_substantive: 'bool',
    responsibilities: 'text[]',
    training_plan: 'text',
    start_date: 'date',
    planned_end_date: 'date',
    actual_end_date: 'date',
    status: 'text',
    termination_reason: 'text',
    candidate_id: 'int',
    version: 'int',
  },
};

export interface MentorshipRow extends Timestamps {
  posting_id: number;
  mentor_id: number;
  start_date: string;
  end_date: string | null;
}

export const MENTORSHIP: TableSpec<MentorshipRow> = {
  name: 'mentorship',
  columns: {
    ...timestamps,
    posting_id: 'int',
    mentor_id: 'int',
    start_date: 'date',
    end_date: 'date',
  },
};

export interface MentorSessionRow extends Timestamps {
  mentorship_id: number;
  date: string;
  topic: string;
  notes: string;
}

export const MENTOR_SESSION: TableSpec<MentorSessionRow> = {
  name: 'mentor_session',
  columns: { ...timestamps, mentorship_id: 'int', date: 'date', topic: 'text', notes: 'text' },
};

export interface FeedbackReportRow extends Timestamps {
  posting_id: number;
  period: string;
  days_on_site: number;
  political_conduct: string;
  performance: string;
  problems: string;
  submitted_by_id: number | null;
}

export const FEEDBACK_REPORT: TableSpec<FeedbackReportRow> = {
  name: 'feedback_report',
  columns: {
    ...timestamps,
    posting_id: 'int',
    period: 'text',
    days_on_site: 'int',
    political_conduct: 'text',
    performance: 'text',
    problems: 'text',
    submitted_by_id: 'int',
  },
};

export interface Scores {
  political_conduct_score: number | null;
  moral_character_score: number | null;
  leadership_score: number | null;
  work_ability_score: number | null;
  mass_line_score: number | null;
  initiative_score: number | null;
  discipline_score: number | null;
}

export const SCORE_KEYS: readonly (keyof Scores)[] = [
  'political_conduct_score',
  'moral_character_score',
  'leadership_score',
  'work_ability_score',
  'mass_line_score',
  'initiative_score',
  'discipline_score',
];

export interface EvaluationRow extends Timestamps, Scores {
  posting_id: number;
  kind: EvaluationKind;
  evaluator_id: number | null;
  date: string;
  grade: Grade | null;
  comments: string;
  interview_count: number | null;
  findings: string | null;
  status: EvaluationStatus;
  finalized_at: string | null;
  version: number;
}

export const EVALUATION: TableSpec<EvaluationRow> = {
  name: 'evaluation',
  columns: {
    ...timestamps,
    posting_id: 'int',
    kind: 'text',
    evaluator_id: 'int',
    date: 'date',
    political_conduct_score: 'smallint',
    moral_character_score: 'smallint',
    leadership_score: 'smallint',
    work_ability_score: 'smallint',
    mass_line_score: 'smallint',
    initiative_score: 'smallint',
    discipline_score: 'smallint',
    grade: 'text',
    comments: 'text',
    interview_count: 'int',
    findings: 'text',
    status: 'text',
    finalized_at: 'timestamptz',
    version: 'int',
  },
};

export interface DebriefRow extends Timestamps {
  title: string;
  date: string;
  summary: string;
  problems_found: string;
  suggestions: string;
}

export const DEBRIEF: TableSpec<DebriefRow> = {
  name: 'debrief',
  columns: {
    ...timestamps,
    title: 'text',
    date: 'date',
    summary: 'text',
    problems_found: 'text',
    suggestions: 'text',
  },
};

export interface DebriefPostingRow {
  debrief_id: number;
  posting_id: number;
}

export const DEBRIEF_POSTING: TableSpec<DebriefPostingRow> = {
  name: 'debrief_posting',
  columns: { debrief_id: 'int', posting_id: 'int' },
};

export interface ExperienceArticleRow extends Timestamps {
  posting_id: number;
  title: string;
  body: string;
  published_in: readonly PublicationVenue[];
}

export const EXPERIENCE_ARTICLE: TableSpec<ExperienceArticleRow> = {
  name: 'experience_article',
  columns: {
    ...timestamps,
    posting_id: 'int',
    title: 'text',
    body: 'text',
    published_in: 'text[]',
  },
};

export interface AuditEntryRow {
  id: number;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: number;
  before: string | null;
  after: string | null;
  reason: string | null;
  at: string;
}

export const AUDIT_ENTRY: TableSpec<AuditEntryRow> = {
  name: 'audit_entry',
  columns: {
    id: 'int',
    actor_id: 'int',
    action: 'text',
    entity: 'text',
    entity_id: 'int',
    before: 'jsonb',
    after: 'jsonb',
    reason: 'text',
    at: 'timestamptz',
  },
};
