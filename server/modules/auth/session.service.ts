import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { forbidden } from '../../common/errors';
import { runMutation, type MutationResult } from '../../common/mutation';
import { records, type RecordRef } from '../../common/records';
import type { RevokeUserTokensInput } from './dto/session.inputs';
import type { User } from './user.entity';

/** Ending login sessions: a token stays valid only while its version is the user's. */
export class SessionService {
  logout(ctx: Context): Promise<MutationResult<User>> {
    const { userId } = requireViewer(ctx);
    if (userId === null)
      throw forbidden({
        en: 'API keys are ended with revokeApiKey',
        zh: 'API 密钥请通过 revokeApiKey 吊销',
      });
    return this.revoke(ctx, userId, 'user.logout');
  }

  revokeTokens(ctx: Context, input: RevokeUserTokensInput): Promise<MutationResult<User>> {
    return this.revoke(ctx, { globalId: input.userId, field: 'userId' }, 'user.revokeTokens');
  }

  /** Counts the token version up, which ends every token signed with the old one. */
  private revoke(
    ctx: Context,
    user: RecordRef,
    action: 'user.logout' | 'user.revokeTokens',
  ): Promise<MutationResult<User>> {
    // The trail keeps the new token version only: the old one says nothing more.
    const step = { action, trail: tokenVersionOf, trailBefore: false };
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'User', user, step, (u) => {
        u.tokenVersion += 1;
      }),
    );
  }
}

const tokenVersionOf = (user: User) => ({ tokenVersion: user.tokenVersion });

export const sessionService = new SessionService();
