import { labelOf } from '../../common/labels';
import { toGlobalId } from '../../common/global-id';
import {
  CADRE_RANK_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  POLITICAL_STATUS_LABELS,
} from '../cadre/cadre.labels';
import type { CadreRank, Education, Gender, PoliticalStatus } from '../cadre/cadre.entity';
import { cadrePolicy } from '../cadre/cadre.policy';
import { cadreService } from '../cadre/cadre.service';
import type { CadreFilter } from '../cadre/dto/cadre-list.args';
import { dateOf, type ExportKind } from './export-kind';

/** 干部: each cadre's profile; personal data only where the role reads it on every record. */
export const cadresExport: ExportKind = {
  name: 'cadres',
  title: '干部信息',
  type: 'Cadre',
  filterType: 'CadreFilter',
  list: cadrePolicy.may.list,
  auditAction: 'cadre.export',
  rootList: (ctx, filter) => cadreService.list(ctx, { filter: filter as CadreFilter }),
  joins: (a, related) => [related('Unit', 'x_home', `x_home.id = ${a}.home_unit_id`)],
  columns: [
    {
      header: '编号',
      sql: (a) => `${a}.id`,
      cell: (id: number) => toGlobalId('Cadre', id),
      width: 14,
    },
    { header: '姓名', sql: (a) => `${a}.name`, width: 10 },
    {
      header: '性别',
      sql: (a) => `${a}.gender`,
      cell: (gender: Gender) => labelOf(GENDER_LABELS, gender),
      width: 6,
    },
    {
      header: '出生年份',
      sql: (a) => `CAST(EXTRACT(YEAR FROM ${a}.birth_date) AS int)`,
      width: 8,
    },
    {
      header: '出生日期',
      sql: (a) => dateOf(`${a}.birth_date`),
      rule: cadrePolicy.personalData,
      width: 12,
    },
    { header: '身份证号', sql: (a) => `${a}.id_number`, rule: cadrePolicy.personalData, width: 20 },
    { header: '联系电话', sql: (a) => `${a}.phone`, rule: cadrePolicy.personalData, width: 14 },
    {
      header: '学历',
      sql: (a) => `${a}.education`,
      cell: (education: Education) => labelOf(EDUCATION_LABELS, education),
    },
    {
      header: '政治面貌',
      sql: (a) => `${a}.political_status`,
      cell: (status: PoliticalStatus) => labelOf(POLITICAL_STATUS_LABELS, status),
    },
    { header: '单位代码', sql: () => 'x_home.code', width: 12 },
    { header: '所在单位', sql: () => 'x_home.name', width: 24 },
    { header: '现任职务', sql: (a) => `${a}.position_title`, width: 20 },
    {
      header: '职级',
      sql: (a) => `${a}.rank`,
      cell: (rank: CadreRank) => labelOf(CADRE_RANK_LABELS, rank),
      width: 8,
    },
    { header: '班子成员', sql: (a) => `${a}.is_leadership`, width: 8 },
    { header: '后备干部', sql: (a) => `${a}.is_reserve`, width: 8 },
    { header: '培训班学员', sql: (a) => `${a}.is_trainee`, width: 10 },
    { header: '引进生', sql: (a) => `${a}.is_recruited_graduate`, width: 8 },
    {
      header: '专长',
      sql: (a) => `array_to_string(${a}.specialties, '、')`,
      width: 24,
    },
  ],
};
