import { labelOf } from '../../common/labels';
import { toGlobalId } from '../../common/global-id';
import type { EvaluationFilter } from '../evaluation/dto/evaluation-list.args';
import {
  EvaluationDimension,
  SCORE_COLUMNS,
  type EvaluationKind,
  type EvaluationStatus,
  type Grade,
  type ScoreColumns,
} from '../evaluation/evaluation-enums';
import {
  DIMENSION_LABELS,
  EVALUATION_KIND_LABELS,
  EVALUATION_STATUS_LABELS,
  GRADE_LABELS,
} from '../evaluation/evaluation.labels';
import { evaluationPolicy } from '../evaluation/evaluation.policy';
import { meanScore, round2 } from '../evaluation/evaluation-scoring.service';
import { evaluationService } from '../evaluation/evaluation.service';
import { dateOf, type ExportKind, type KindColumn } from './export-kind';

const DIMENSIONS = Object.values(EvaluationDimension);

/** The score column of a dimension in SQL: `politicalConductScore` → `political_conduct_score`. */
const scoreColumn = (a: string, dimension: EvaluationDimension) =>
  `${a}.${SCORE_COLUMNS[dimension].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** The mean of the dimensions scored, rounded as `Evaluation.averageScore` rounds it. */
function average(scores: (number | null)[]): number | null {
  const columns = Object.fromEntries(
    DIMENSIONS.map((dimension, i) => [SCORE_COLUMNS[dimension], scores[i]]),
  ) as unknown as ScoreColumns;
  const mean = meanScore(columns);
  return mean === null ? null : round2(mean);
}

const scoreColumns: KindColumn[] = DIMENSIONS.map((dimension) => ({
  header: labelOf(DIMENSION_LABELS, dimension),
  sql: (a) => scoreColumn(a, dimension),
  width: 10,
}));

/** 考核: each evaluation with its posting's cadre and receiving unit; narratives where allowed. */
export const evaluationsExport: ExportKind = {
  name: 'evaluations',
  title: '考核信息',
  type: 'Evaluation',
  filterType: 'EvaluationFilter',
  list: evaluationPolicy.may.list,
  rootList: (ctx, filter) => evaluationService.list(ctx, { filter: filter as EvaluationFilter }),
  joins: (a, related) => [
    related('Posting', 'x_posting', `x_posting.id = ${a}.posting_id`),
    related('Cadre', 'x_cadre', 'x_cadre.id = x_posting.cadre_id'),
    related('Unit', 'x_receiving', 'x_receiving.id = x_posting.receiving_unit_id'),
  ],
  columns: [
    {
      header: '编号',
      sql: (a) => `${a}.id`,
      cell: (id: number) => toGlobalId('Evaluation', id),
      width: 14,
    },
    { header: '干部姓名', sql: () => 'x_cadre.name', width: 10 },
    { header: '接收单位', sql: () => 'x_receiving.name', width: 24 },
    { header: '挂职职务', sql: () => 'x_posting.position_title', width: 20 },
    {
      header: '考核类型',
      sql: (a) => `${a}.kind`,
      cell: (kind: EvaluationKind) => labelOf(EVALUATION_KIND_LABELS, kind),
      width: 10,
    },
    { header: '考核日期', sql: (a) => dateOf(`${a}.date`), width: 12 },
    {
      header: '状态',
      sql: (a) => `${a}.status`,
      cell: (status: EvaluationStatus) => labelOf(EVALUATION_STATUS_LABELS, status),
      width: 8,
    },
    {
      header: '考核等次',
      sql: (a) => `${a}.grade`,
      cell: (grade: Grade | null) => grade && labelOf(GRADE_LABELS, grade),
      width: 10,
    },
    ...scoreColumns,
    {
      header: '平均分',
      sql: (a) => `ARRAY[${DIMENSIONS.map((d) => scoreColumn(a, d)).join(', ')}]`,
      cell: average,
      width: 8,
    },
    {
      // Frozen at finalization; GraphQL's live preview before that is not a result to hand out.
      header: '综合得分',
      sql: (a) => `CASE WHEN ${a}.status = 'FINALIZED' THEN ${a}.overall_score END`,
      cell: (score: string | null) => (score === null ? null : Number(score)),
      width: 8,
    },
    { header: '个别谈话人数', sql: (a) => `${a}.interview_count`, width: 10 },
    {
      header: '评语',
      sql: (a) => `${a}.comments`,
      rule: evaluationPolicy.narrative,
      width: 40,
    },
    {
      header: '考察发现',
      sql: (a) => `${a}.findings`,
      rule: evaluationPolicy.narrative,
      width: 40,
    },
  ],
};
