import type { EnumLabels } from '../../common/labels';
import type { CadreRank, CadreStatus, Education, Gender, PoliticalStatus } from './cadre.entity';

/*
 * Chinese labels of the cadre enums, beside the enums so that a new value gets its label in the
 * same change. The first label is also the enum value's GraphQL description (a test compares them).
 */

export const GENDER_LABELS: EnumLabels<Gender> = {
  MALE: ['男', 'M'],
  FEMALE: ['女', 'F'],
};

export const EDUCATION_LABELS: EnumLabels<Education> = {
  COLLEGE: ['大专', '专科', '大学专科'],
  BACHELOR: ['本科', '大学本科', '学士'],
  MASTER: ['硕士研究生', '硕士', '研究生'],
  DOCTORATE: ['博士研究生', '博士'],
};

export const POLITICAL_STATUS_LABELS: EnumLabels<PoliticalStatus> = {
  CPC_MEMBER: ['中共党员', '党员'],
  CPC_PROBATIONARY_MEMBER: ['中共预备党员', '预备党员'],
  LEAGUE_MEMBER: ['共青团员', '团员'],
  DEMOCRATIC_PARTY: ['民主党派', '民主党派成员'],
  NON_PARTISAN: ['群众'],
};

export const CADRE_RANK_LABELS: EnumLabels<CadreRank> = {
  STAFF: ['科员', '科员级'],
  SECTION_DEPUTY: ['副科', '副科级'],
  SECTION_CHIEF: ['正科', '正科级'],
  DIVISION_DEPUTY: ['副处', '副处级', '副县', '副县级'],
  DIVISION_CHIEF: ['正处', '正处级', '正县', '正县级'],
  BUREAU_DEPUTY: ['副厅', '副厅级', '副局', '副局级', '副局(厅)', '副局(厅)级'],
  BUREAU_CHIEF: ['正厅', '正厅级', '正局', '正局级', '正局(厅)', '正局(厅)级'],
};

export const CADRE_STATUS_LABELS: EnumLabels<CadreStatus> = {
  ACTIVE: ['在职'],
  RETIRED: ['退休'],
  TRANSFERRED_OUT: ['调出'],
};
