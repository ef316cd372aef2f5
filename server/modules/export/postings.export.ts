import { labelOf } from '../../common/labels';
import { toGlobalId } from '../../common/global-id';
import { GRADE_LABELS } from '../evaluation/evaluation.labels';
import type { Grade } from '../evaluation/evaluation-enums';
import type { PostingFilter } from '../posting/dto/posting-list.args';
import type { PostingStatus, PostingType } from '../posting/posting-type';
import { POSTING_STATUS_LABELS, POSTING_TYPE_LABELS } from '../posting/posting.labels';
import { postingPolicy } from '../posting/posting.policy';
import { postingService } from '../posting/posting.service';
import type { CadreRank } from '../cadre/cadre.entity';
import { CADRE_RANK_LABELS } from '../cadre/cadre.labels';
import type { FrontlineArea } from '../unit/unit.entity';
import { FRONTLINE_AREA_LABELS } from '../unit/unit.labels';
import { dateOf, type ExportKind } from './export-kind';

/** 挂职: each posting with its cadre, units, current mentor and FINAL grade. */
export const postingsExport: ExportKind = {
  name: 'postings',
  title: '挂职信息',
  type: 'Posting',
  filterType: 'PostingFilter',
  list: postingPolicy.may.list,
  rootList: (ctx, filter) => postingService.list(ctx, { filter: filter as PostingFilter }),
  joins: (a, related) => [
    related('Cadre', 'x_cadre', `x_cadre.id = ${a}.cadre_id`),
    related('Unit', 'x_sending', `x_sending.id = ${a}.sending_unit_id`),
    related('Unit', 'x_receiving', `x_receiving.id = ${a}.receiving_unit_id`),
    // The current mentorship (one per posting, a partial unique index) and its mentor, each
    // through its own scope, as Posting.mentorship.mentor reads them.
    related(
      'Mentorship',
      'x_current',
      `x_current.posting_id = ${a}.id AND x_current.end_date IS NULL`,
    ),
    related('Cadre', 'x_mentor', 'x_mentor.id = x_current.mentor_id'),
    // The FINAL evaluation (one per posting, a unique constraint), once finalized.
    related(
      'Evaluation',
      'x_final',
      `x_final.posting_id = ${a}.id AND x_final.kind = 'FINAL' AND x_final.status = 'FINALIZED'`,
    ),
  ],
  columns: [
    {
      header: '编号',
      sql: (a) => `${a}.id`,
      cell: (id: number) => toGlobalId('Posting', id),
      width: 14,
    },
    { header: '干部姓名', sql: () => 'x_cadre.name', width: 10 },
    { header: '派出单位', sql: () => 'x_sending.name', width: 24 },
    { header: '接收单位', sql: () => 'x_receiving.name', width: 24 },
    {
      header: '挂职类型',
      sql: (a) => `${a}.type`,
      cell: (type: PostingType) => labelOf(POSTING_TYPE_LABELS, type),
    },
    { header: '挂职职务', sql: (a) => `${a}.position_title`, width: 20 },
    {
      header: '挂职职级',
      sql: (a) => `${a}.position_rank`,
      cell: (rank: CadreRank) => labelOf(CADRE_RANK_LABELS, rank),
      width: 10,
    },
    {
      // The post's own area, else the receiving unit's: where the FRONTLINE rule found it.
      header: '急难险重领域',
      sql: (a) => `coalesce(${a}.frontline_area, x_receiving.frontline_area)`,
      cell: (area: FrontlineArea | null) => area && labelOf(FRONTLINE_AREA_LABELS, area),
      width: 12,
    },
    { header: '是否实职', sql: (a) => `${a}.is_substantive`, width: 8 },
    { header: '开始日期', sql: (a) => dateOf(`${a}.start_date`), width: 12 },
    { header: '计划结束日期', sql: (a) => dateOf(`${a}.planned_end_date`), width: 12 },
    { header: '实际结束日期', sql: (a) => dateOf(`${a}.actual_end_date`), width: 12 },
    {
      header: '状态',
      sql: (a) => `${a}.status`,
      cell: (status: PostingStatus) => labelOf(POSTING_STATUS_LABELS, status),
      width: 10,
    },
    { header: '帮带导师', sql: () => 'x_mentor.name', width: 10 },
    {
      header: '期满考核等次',
      sql: () => 'x_final.grade',
      cell: (grade: Grade | null) => grade && labelOf(GRADE_LABELS, grade),
      width: 12,
    },
  ],
};
