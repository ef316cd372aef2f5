import { permission } from '../../common/permission';

/**
 * Imports write units, cadres and accounts in bulk, bypassing the one-record-at-a-time review of
 * the mutations: the organisation department's alone (a person, or a system with its API key).
 * Templates hold no data, so anyone signed in may download them.
 */
const may = {
  import: permission(
    { ORG_ADMIN: true, UNIT_MANAGER: false, ANALYST: false, MENTOR: false, CADRE: false },
    'Imports are for the organisation department',
  ),
};

export const importPolicy = { may };
