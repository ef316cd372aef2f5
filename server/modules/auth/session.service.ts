import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { forbidden } from '../../common/errors';
import { runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId, lockForWrite } from '../../common/records';
import { auditService } from '../audit/audit.service';
import type { RevokeUserTokensInput } from './dto/session.inputs';
import type { User } from './user.entity';

/** Ending login sessions: a token stays valid only while its version is the user's. */
export class SessionService {
  logout(ctx: Context): Promise<MutationResult<User>> {
    return runMutation(ctx, async (ctx) => {
      const { userId } = requireViewer(ctx);
      if (userId === null) throw forbidden('API keys are ended with revokeApiKey');
      return this.bump(ctx, await lockForWrite(ctx, 'User', userId), 'user.logout');
    });
  }

  revokeTokens(ctx: Context, input: RevokeUserTokensInput): Promise<MutationResult<User>> {
    return runMutation(ctx, async (ctx) =>
      this.bump(
        ctx,
        await lockByGlobalId(ctx, 'User', input.userId, 'userId'),
        'user.revokeTokens',
      ),
    );
  }

  private async bump(ctx: TxContext, user: User, action: string): Promise<User> {
    user.tokenVersion += 1;
    const saved = await ctx.tx.save(user);
    await auditService.record(ctx, {
      action,
      entity: 'User',
      entityId: user.id,
      after: { tokenVersion: saved.tokenVersion },
    });
    return saved;
  }
}

export const sessionService = new SessionService();
