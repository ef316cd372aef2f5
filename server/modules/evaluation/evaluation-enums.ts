import { registerEnumType } from 'type-graphql';

export enum EvaluationKind {
  ROUTINE = 'ROUTINE',
  TRACKING_INSPECTION = 'TRACKING_INSPECTION',
  FINAL = 'FINAL',
}
registerEnumType(EvaluationKind, {
  name: 'EvaluationKind',
  description: 'Kind of assessment (考核类型).',
  valuesConfig: {
    ROUTINE: { description: '平时考核' },
    TRACKING_INSPECTION: { description: '跟踪考察' },
    FINAL: { description: '期满考核' },
  },
});

export enum EvaluationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  FINALIZED = 'FINALIZED',
}
registerEnumType(EvaluationStatus, {
  name: 'EvaluationStatus',
  description: 'DRAFT → SUBMITTED → FINALIZED; a finalized evaluation is immutable.',
  valuesConfig: {
    DRAFT: { description: '草稿: editable by its author.' },
    SUBMITTED: { description: '已提交: awaiting the organisation department.' },
    FINALIZED: { description: '已定稿: immutable.' },
  },
});

export enum Grade {
  EXCELLENT = 'EXCELLENT',
  COMPETENT = 'COMPETENT',
  BASICALLY_COMPETENT = 'BASICALLY_COMPETENT',
  INCOMPETENT = 'INCOMPETENT',
}
registerEnumType(Grade, {
  name: 'Grade',
  description: 'The official four-level grade (考核等次).',
  valuesConfig: {
    EXCELLENT: { description: '优秀' },
    COMPETENT: { description: '称职' },
    BASICALLY_COMPETENT: { description: '基本称职' },
    INCOMPETENT: { description: '不称职' },
  },
});

export enum EvaluationDimension {
  POLITICAL_CONDUCT = 'POLITICAL_CONDUCT',
  MORAL_CHARACTER = 'MORAL_CHARACTER',
  LEADERSHIP = 'LEADERSHIP',
  WORK_ABILITY = 'WORK_ABILITY',
  MASS_LINE = 'MASS_LINE',
  INITIATIVE = 'INITIATIVE',
  DISCIPLINE = 'DISCIPLINE',
}
registerEnumType(EvaluationDimension, {
  name: 'EvaluationDimension',
  description: 'Dimension a cadre is scored on (考核维度).',
  valuesConfig: {
    POLITICAL_CONDUCT: { description: '政治表现' },
    MORAL_CHARACTER: { description: '品德' },
    LEADERSHIP: { description: '领导能力' },
    WORK_ABILITY: { description: '工作能力' },
    MASS_LINE: { description: '群众观念' },
    INITIATIVE: { description: '工作主动性' },
    DISCIPLINE: { description: '纪律作风' },
  },
});

/** Property of Evaluation holding each dimension's score; one column each in the database. */
export const SCORE_COLUMNS: Record<EvaluationDimension, keyof ScoreColumns> = {
  POLITICAL_CONDUCT: 'politicalConductScore',
  MORAL_CHARACTER: 'moralCharacterScore',
  LEADERSHIP: 'leadershipScore',
  WORK_ABILITY: 'workAbilityScore',
  MASS_LINE: 'massLineScore',
  INITIATIVE: 'initiativeScore',
  DISCIPLINE: 'disciplineScore',
};

export interface ScoreColumns {
  politicalConductScore: number | null;
  moralCharacterScore: number | null;
  leadershipScore: number | null;
  workAbilityScore: number | null;
  massLineScore: number | null;
  initiativeScore: number | null;
  disciplineScore: number | null;
}
