import { orgAdminOnly } from '../../common/permission';
import { Role } from '../../common/role';
import { readByOrgAdminOnly } from '../../common/scope';

/**
 * The role a key may act as: a third-party system reads and reports for the programme or for one
 * unit; mentors and cadres are people, so their roles have no keys.
 */
const keyFor: Readonly<Record<Role, 'programme' | 'unit' | null>> = {
  ORG_ADMIN: 'programme',
  UNIT_MANAGER: 'unit',
  MENTOR: null,
  CADRE: null,
  ANALYST: 'programme',
};

/** API keys are the organisation department's to see and manage. */
export const apiKeyPolicy = {
  read: readByOrgAdminOnly,
  keyFor,
  /** The roles keys act as, in the enum's order. */
  keyRoles: Object.values(Role).filter((role) => keyFor[role] !== null),
  may: { list: orgAdminOnly, create: orgAdminOnly, revoke: orgAdminOnly },
};
