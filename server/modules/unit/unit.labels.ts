import type { EnumLabels } from '../../common/labels';
import type { AdminLevel, FrontlineArea, UnitKind } from './unit.entity';

/*
 * Chinese labels of the unit enums, beside the enums so that a new value gets its label in the
 * same change. The first label is also the enum value's GraphQL description (a test compares them).
 */

export const UNIT_KIND_LABELS: EnumLabels<UnitKind> = {
  PARTY_DEPARTMENT: ['党委部门', '党委'],
  GOVERNMENT_DEPARTMENT: ['政府部门', '政府'],
  TOWNSHIP: ['乡镇', '乡', '镇'],
  SUBDISTRICT: ['街道', '街道办事处'],
  SCHOOL: ['学校'],
  ENTERPRISE: ['企业', '国有企业', '国企'],
  PUBLIC_INSTITUTION: ['事业单位'],
  JUDICIAL: ['公检法司', '政法'],
};

export const ADMIN_LEVEL_LABELS: EnumLabels<AdminLevel> = {
  TOWNSHIP: ['乡镇级', '乡科级'],
  COUNTY: ['县级', '县处级'],
  CITY: ['市级', '地厅级'],
  PROVINCE: ['省级', '省部级'],
};

export const FRONTLINE_AREA_LABELS: EnumLabels<FrontlineArea> = {
  PETITIONS: ['信访维稳', '信访', '维稳'],
  CITY_CONSTRUCTION: ['城市建设', '城建', '征地拆迁', '征迁'],
  MAJOR_PROJECTS: ['重大项目', '项目建设', '重点项目'],
};
