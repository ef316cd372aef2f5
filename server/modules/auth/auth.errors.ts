import { defineUserErrorCodes } from '../../common/user-error';

/** Why signing in, or a change to an account, is refused. */
export const AuthErrorCode = defineUserErrorCodes({
  INVALID_CREDENTIALS: 'Unknown username or wrong password.',
  INVALID_USERNAME:
    'A username is 3–64 characters: letters, digits and _ . @ -, starting with a letter or digit.',
  USERNAME_TAKEN: 'Another account has this username (whatever its case).',
  WEAK_PASSWORD: 'The password is too easy to guess; the message says why and how to improve it.',
  PASSWORD_UNCHANGED: 'The new password is the current one.',
  WRONG_PASSWORD: 'The current password given is not the account’s.',
  ACCOUNT_UNIT_REQUIRED: 'A UNIT_MANAGER account needs the unit it manages.',
  ACCOUNT_UNIT_NOT_ALLOWED:
    'Only UNIT_MANAGER accounts are tied to a unit (MENTOR and CADRE: their cadre’s).',
  ACCOUNT_CADRE_REQUIRED: 'A MENTOR or CADRE account needs the cadre it belongs to.',
  ACCOUNT_CADRE_NOT_ALLOWED: 'Only MENTOR and CADRE accounts belong to a cadre.',
  ACCOUNT_CADRE_OF_OTHER_UNIT: 'The cadre’s home unit is not the unit given with it.',
  MENTOR_ACCOUNT_NOT_LEADERSHIP:
    'A MENTOR account belongs to a member of a unit’s leadership team (班子成员).',
  CADRE_HAS_ACCOUNT: 'The cadre already has an account; change or reactivate that one.',
  LAST_ORG_ADMIN: 'The last active ORG_ADMIN account cannot be deactivated or given another role.',
  OWN_ACCOUNT: 'Administrators cannot deactivate their own account or change their own role.',
  ORG_ADMIN_BY_PERSON_ONLY:
    'ORG_ADMIN accounts are created, changed and reset by a signed-in person, never by an API key.',
});
