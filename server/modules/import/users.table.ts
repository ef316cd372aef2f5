import { ROLE_LABELS } from '../../common/role.labels';
import { Role } from '../../common/role';
import { choice, text } from './codecs';
import type { ImportTable } from './columns';

/**
 * A user account as one row of a spreadsheet. Which of unit and cadre a role needs is the user
 * service's rule (a manager has a unit, a mentor a cadre), so both are optional here.
 */
export interface UserImportValues {
  username: string;
  role: Role;
  /** The managed unit's code, for UNIT_MANAGER. */
  unitCode: string | null;
  /** The ID number of the user's cadre record, for MENTOR and CADRE. */
  cadreIdNumber: string | null;
}

export const USER_TABLE: ImportTable<UserImportValues> = {
  username: {
    header: '用户名',
    aliases: ['账号'],
    codec: text,
    required: true,
    example: 'zhangsan',
  },
  role: { header: '角色', codec: choice(ROLE_LABELS), required: true, example: Role.UNIT_MANAGER },
  unitCode: { header: '单位代码', codec: text, required: false, example: 'DW001' },
  cadreIdNumber: {
    header: '身份证号',
    aliases: ['干部身份证号'],
    codec: text,
    required: false,
    example: null,
  },
};
