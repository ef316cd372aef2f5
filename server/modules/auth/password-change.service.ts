import type { Context } from '../../context';
import { requireViewer } from '../../context';
import type { Text } from '../../common/text';
import { forbidden } from '../../common/errors';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import type { IssuedToken } from './auth.service';
import { AuthErrorCode } from './auth.errors';
import { hashPassword } from './password';
import { judgePassword, MIN_PASSWORD_SCORE } from './password-strength';
import { accountTrail } from './user-account.service';
import { userError, type UserErrorCode } from '../../common/user-error';
import { User } from './user.entity';

type Refusal = [code: UserErrorCode, message: Text, field: string];

export interface ChangedPassword extends IssuedToken {
  user: User;
}

/** The viewer's own password: the one step left to a user signed in with a one-time password. */
export class PasswordChangeService {
  /**
   * Everything slow or needing its own connection (the throttled check of the current password,
   * the strength estimate, the new hash) happens before the transaction: a transaction that waited
   * for a second connection could starve the pool. Inside, the account must still have the
   * password that was checked.
   */
  async change(
    ctx: Context,
    input: { currentPassword: string; newPassword: string },
  ): Promise<MutationResult<ChangedPassword>> {
    const { userId } = requireViewer(ctx);
    if (userId === null)
      throw forbidden({
        en: 'API keys have no password; sign in as a person',
        zh: 'API 密钥没有密码，请以个人账号登录',
      });
    const checked = await this.check(ctx, userId, input);
    if ('refusal' in checked) {
      const [code, message, field] = checked.refusal;
      return { result: null, userErrors: [userError(code, message, [field])] };
    }
    return runMutation(ctx, async (ctx) => {
      const user = await records.lock(ctx, 'User', userId);
      if (user.passwordHash !== checked.verifiedHash)
        refuse(
          AuthErrorCode.WRONG_PASSWORD,
          { en: 'The password changed meanwhile', zh: '密码已在此期间被修改' },
          'currentPassword',
        );
      // Every session ends, the one that changed the password included: it gets a new token.
      const step = { action: 'user.changePassword', trail: accountTrail } as const;
      const saved = await records.change(ctx, 'User', user, step, (u) => {
        u.passwordHash = checked.newHash;
        u.passwordChangeRequired = false;
        u.tokenVersion += 1;
      });
      return { user: saved, ...ctx.auth.issueToken(saved) };
    });
  }

  private async check(
    ctx: Context,
    userId: number,
    input: { currentPassword: string; newPassword: string },
  ): Promise<{ verifiedHash: string; newHash: string } | { refusal: Refusal }> {
    const user = await ctx.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    if (!(await ctx.auth.checkPassword(user, input.currentPassword, ctx.clientIp)))
      return {
        refusal: [
          AuthErrorCode.WRONG_PASSWORD,
          { en: 'The current password is wrong', zh: '当前密码不正确' },
          'currentPassword',
        ],
      };
    if (input.newPassword === input.currentPassword)
      return {
        refusal: [
          AuthErrorCode.PASSWORD_UNCHANGED,
          { en: 'Choose a new password', zh: '请设置一个新密码' },
          'newPassword',
        ],
      };
    const verdict = await judgePassword(input.newPassword, await this.knownOf(ctx, user));
    if (!verdict.ok)
      return {
        refusal: [
          AuthErrorCode.WEAK_PASSWORD,
          {
            en: `The password is too easy to guess (strength ${verdict.score} of 4, at least ${MIN_PASSWORD_SCORE} needed). ${verdict.feedback}`,
            zh: `密码过于简单，容易被猜中（强度 ${verdict.score}/4，至少需要 ${MIN_PASSWORD_SCORE}）。请使用更长、更不常见的密码`,
          },
          'newPassword',
        ],
      };
    return { verifiedHash: user.passwordHash, newHash: await hashPassword(input.newPassword) };
  }

  /** What a guesser knows of the user: username, their cadre's name, their unit's name. */
  private async knownOf(ctx: Context, user: User) {
    const [row]: { cadre: string | null; unit: string | null }[] = await ctx.dataSource.query(
      `SELECT (SELECT name FROM cadre WHERE id = $1) AS cadre,
              (SELECT name FROM unit WHERE id = COALESCE($2, (SELECT home_unit_id FROM cadre WHERE id = $1))) AS unit`,
      [user.cadreId, user.unitId],
    );
    return [user.username, row?.cadre ?? '', row?.unit ?? ''];
  }
}

export const passwordChangeService = new PasswordChangeService();
