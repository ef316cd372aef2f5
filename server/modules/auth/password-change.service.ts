import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { forbidden } from '../../common/errors';
import { refuse, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import type { IssuedToken } from './auth.service';
import { AuthErrorCode } from './auth.errors';
import { hashPassword } from './password';
import { judgePassword, MIN_PASSWORD_SCORE } from './password-strength';
import { accountTrail, refusingAll } from './user-account.service';
import type { User } from './user.entity';

export interface ChangedPassword extends IssuedToken {
  user: User;
}

/** The viewer's own password: the one step left to a user signed in with a one-time password. */
export class PasswordChangeService {
  change(
    ctx: Context,
    input: { currentPassword: string; newPassword: string },
  ): Promise<MutationResult<ChangedPassword>> {
    const { userId } = requireViewer(ctx);
    if (userId === null) throw forbidden('API keys have no password; sign in as a person');
    return refusingAll(ctx, async (ctx) => {
      const user = await records.lock(ctx, 'User', userId);
      if (!(await ctx.auth.checkPassword(user, input.currentPassword, ctx.clientIp)))
        refuse(AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong', 'currentPassword');
      if (input.newPassword === input.currentPassword)
        refuse(AuthErrorCode.PASSWORD_UNCHANGED, 'Choose a new password', 'newPassword');
      const verdict = judgePassword(input.newPassword, await this.knownOf(ctx, user));
      if (!verdict.ok)
        refuse(
          AuthErrorCode.WEAK_PASSWORD,
          `The password is too easy to guess (strength ${verdict.score} of 4, at least ${MIN_PASSWORD_SCORE} needed). ${verdict.feedback}`,
          'newPassword',
        );
      const hash = await hashPassword(input.newPassword);
      // Every session ends, the one that changed the password included: it gets a new token.
      const step = { action: 'user.changePassword', trail: accountTrail } as const;
      const saved = await records.change(ctx, 'User', user, step, (u) => {
        u.passwordHash = hash;
        u.passwordChangeRequired = false;
        u.tokenVersion += 1;
      });
      return { user: saved, ...ctx.auth.issueToken(saved) };
    });
  }

  /** What a guesser knows of the user: username, their cadre's name, their unit's name. */
  private async knownOf(ctx: TxContext, user: User) {
    const [row]: { cadre: string | null; unit: string | null }[] = await ctx.tx.query(
      `SELECT (SELECT name FROM cadre WHERE id = $1) AS cadre,
              (SELECT name FROM unit WHERE id = COALESCE($2, (SELECT home_unit_id FROM cadre WHERE id = $1))) AS unit`,
      [user.cadreId, user.unitId],
    );
    return [user.username, row?.cadre ?? '', row?.unit ?? ''];
  }
}

export const passwordChangeService = new PasswordChangeService();
