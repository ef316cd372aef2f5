import { defineUserErrorCodes } from '../../common/user-error';

/** Why signing in is refused. */
export const AuthErrorCode = defineUserErrorCodes({
  INVALID_CREDENTIALS: 'Unknown username or wrong password.',
});
