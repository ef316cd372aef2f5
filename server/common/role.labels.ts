import type { EnumLabels } from './labels';
import type { Role } from './role';

/** Chinese names of the roles, for user imports and exports (DESIGN §4). */
export const ROLE_LABELS: EnumLabels<Role> = {
  ORG_ADMIN: ['组织部门', '组织部', '管理员'],
  UNIT_MANAGER: ['单位管理员'],
  MENTOR: ['帮带导师', '导师'],
  CADRE: ['挂职干部', '干部'],
  ANALYST: ['分析人员'],
};
