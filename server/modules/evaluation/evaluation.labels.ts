import type { EnumLabels } from '../../common/labels';
import type {
  EvaluationDimension,
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from './evaluation-enums';

/*
 * Chinese labels of the evaluation enums, beside the enums so that a new value gets its label in
 * the same change. The first label is also the enum value's GraphQL description (a test compares them).
 */

export const EVALUATION_KIND_LABELS: EnumLabels<EvaluationKind> = {
  ROUTINE: ['平时考核'],
  TRACKING_INSPECTION: ['跟踪考察'],
  FINAL: ['期满考核'],
};

export const EVALUATION_STATUS_LABELS: EnumLabels<EvaluationStatus> = {
  DRAFT: ['草稿'],
  SUBMITTED: ['已提交'],
  FINALIZED: ['已定稿'],
};

export const GRADE_LABELS: EnumLabels<Grade> = {
  EXCELLENT: ['优秀'],
  COMPETENT: ['称职'],
  BASICALLY_COMPETENT: ['基本称职'],
  INCOMPETENT: ['不称职'],
};

export const DIMENSION_LABELS: EnumLabels<EvaluationDimension> = {
  POLITICAL_CONDUCT: ['政治表现'],
  MORAL_CHARACTER: ['品德'],
  LEADERSHIP: ['领导能力'],
  WORK_ABILITY: ['工作能力'],
  MASS_LINE: ['群众观念'],
  INITIATIVE: ['工作主动性'],
  DISCIPLINE: ['纪律作风'],
};
