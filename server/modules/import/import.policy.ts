import { permission } from '../../common/permission';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';

/**
 * Imports write units, cadres and accounts in bulk, bypassing the one-record-at-a-time review of
 * the mutations: the organisation department's alone (a person, or a system with its API key).
 * Templates hold no data, so anyone signed in may download them.
 */
const may = {
  import: permission(
    { ORG_ADMIN: true, UNIT_MANAGER: false, ANALYST: false, MENTOR: false, CADRE: false },
    { en: 'Imports are for the organisation department', zh: '导入仅限组织部门' },
  ),
};

/**
 * The viewer of `npm run import`: whoever runs the command has the database's credentials, so
 * already more than an ORG_ADMIN. No user or API key: audited without an actor, the import id in
 * every entry's reason.
 */
const systemViewer: Viewer = {
  userId: null,
  apiKeyId: null,
  username: 'import-cli',
  role: Role.ORG_ADMIN,
  unitId: null,
  cadreId: null,
};

export const importPolicy = { may, systemViewer };
