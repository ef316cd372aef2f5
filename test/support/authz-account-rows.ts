/**
 * The authorization matrix's rows for account operations (issue #8): kept apart from the other
 * mutations' rows, spread into them by authz-mutations.test.ts.
 */
import { ADMIN_ONLY, EVERYONE, inputRow, type Matrix } from './authz-matrix';
import { PASSWORD } from './world';

export const ACCOUNT_MUTATIONS: Matrix = {
  createUser: {
    'a manager without a unit (ACCOUNT_UNIT_REQUIRED)': inputRow(
      'createUser',
      () => ({ username: 'matrix_new_manager', role: 'UNIT_MANAGER' }),
      ADMIN_ONLY,
    ),
  },
  updateUser: {
    'a cadre’s account made ANALYST with its cadre (ACCOUNT_CADRE_NOT_ALLOWED)': inputRow(
      'updateUser',
      (f) => ({ userId: f.user.revokeTarget, role: 'ANALYST' }),
      ADMIN_ONLY,
    ),
  },
  deactivateUser: {
    'the org department’s own account (OWN_ACCOUNT for the admin)': inputRow(
      'deactivateUser',
      (f) => ({ userId: f.user.admin }),
      ADMIN_ONLY,
    ),
  },
  reactivateUser: {
    'an active account (INVALID_TRANSITION)': inputRow(
      'reactivateUser',
      (f) => ({ userId: f.user.admin }),
      ADMIN_ONLY,
    ),
  },
  resetUserPassword: {
    'an account kept for this case (real reset)': inputRow(
      'resetUserPassword',
      (f) => ({ userId: f.user.resetTarget }),
      ADMIN_ONLY,
    ),
  },
  changeMyPassword: {
    'own password, the same again (PASSWORD_UNCHANGED)': inputRow(
      'changeMyPassword',
      () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }),
      EVERYONE,
    ),
  },
};
