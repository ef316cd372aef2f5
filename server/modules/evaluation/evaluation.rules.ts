import { today } from '../../common/dates';
import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import { EvaluationErrorCode } from './evaluation.errors';
import { PostingErrorCode } from '../posting/posting.errors';
import type { Posting } from '../posting/posting.entity';
import { EvaluationDimension, EvaluationKind, SCORE_COLUMNS } from './evaluation-enums';
import type { Evaluation } from './evaluation.entity';
import { labelOf } from '../../common/labels';
import { DIMENSION_LABELS } from './evaluation.labels';

export interface ScoreInput {
  dimension: EvaluationDimension;
  score: number;
}

/** Sets the listed scores (0–100, each dimension once); dimensions not listed keep theirs. */
export function applyScores(evaluation: Evaluation, scores: ScoreInput[]): void {
  const seen = new Set<EvaluationDimension>();
  scores.forEach(({ dimension, score }, i) => {
    if (seen.has(dimension)) {
      refuse(
        CommonErrorCode.INVALID_VALUE,
        {
          en: `${dimension} is scored twice`,
          zh: `${labelOf(DIMENSION_LABELS, dimension)}（${dimension}）重复评分`,
        },
        ['scores', String(i)],
      );
    }
    seen.add(dimension);
    if (!Number.isInteger(score) || score < 0 || score > 100) {
      refuse(
        CommonErrorCode.INVALID_VALUE,
        {
          en: `Scores run from 0 to 100 (${dimension}: ${score})`,
          zh: `评分须在 0 至 100 之间（${labelOf(DIMENSION_LABELS, dimension)}：${score}）`,
        },
        ['scores', String(i), 'score'],
      );
    }
    evaluation[SCORE_COLUMNS[dimension]] = score;
  });
}

/** Interview count and findings belong to tracking inspections only (the table checks it too). */
export function checkInspectionFields(evaluation: Evaluation): void {
  const isInspection = evaluation.kind === EvaluationKind.TRACKING_INSPECTION;
  if (!isInspection && (evaluation.interviewCount !== null || evaluation.findings !== null)) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      {
        en: 'Interview count and findings belong to tracking inspections',
        zh: '谈话人数和考察结论仅适用于跟踪考察',
      },
      evaluation.interviewCount !== null ? 'interviewCount' : 'findings',
    );
  }
  if (evaluation.interviewCount !== null && evaluation.interviewCount < 0) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      { en: 'The interview count cannot be negative', zh: '谈话人数不能为负数' },
      'interviewCount',
    );
  }
}

/**
 * An assessment is dated on or after the posting's start and not in the future; only the FINAL
 * one (期满考核) may come after the cadre has returned.
 */
export function checkDate(
  posting: Posting,
  kind: EvaluationKind,
  date: string,
  on = today(),
): void {
  if (date > on) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      { en: 'An assessment cannot be dated in the future', zh: '考核日期不能晚于今天' },
      'date',
    );
  }
  const afterReturn =
    kind !== EvaluationKind.FINAL && posting.actualEndDate !== null && date > posting.actualEndDate;
  if (date < posting.startDate || afterReturn) {
    refuse(
      PostingErrorCode.DATE_OUTSIDE_POSTING,
      {
        en: `The date lies outside the posting (${posting.startDate} – ${posting.actualEndDate ?? ''})`,
        zh: `该日期不在挂职期间内（${posting.startDate} 至 ${posting.actualEndDate ?? '今'}）`,
      },
      'date',
    );
  }
}

/** What submitting needs: a grade, all seven scores, and an inspection's interviews and findings. */
export function checkComplete(evaluation: Evaluation): void {
  const missing = Object.values(EvaluationDimension).filter(
    (d) => evaluation[SCORE_COLUMNS[d]] === null,
  );
  if (missing.length > 0) {
    refuse(
      EvaluationErrorCode.EVALUATION_INCOMPLETE,
      {
        en: `Scores missing: ${missing.join(', ')}`,
        zh: `以下维度尚未评分：${missing.map((d) => labelOf(DIMENSION_LABELS, d)).join('、')}`,
      },
      'scores',
    );
  }
  if (evaluation.grade === null) {
    refuse(
      EvaluationErrorCode.EVALUATION_INCOMPLETE,
      { en: 'A grade is needed before submitting', zh: '提交前须评定考核等次' },
      'grade',
    );
  }
  if (
    evaluation.kind === EvaluationKind.TRACKING_INSPECTION &&
    (evaluation.interviewCount === null || !evaluation.findings?.trim())
  ) {
    refuse(
      EvaluationErrorCode.EVALUATION_INCOMPLETE,
      {
        en: 'A tracking inspection records its interview count and findings',
        zh: '跟踪考察须填写谈话人数和考察结论',
      },
      evaluation.interviewCount === null ? 'interviewCount' : 'findings',
    );
  }
}
