import type { TxContext } from '../../context';
import { records } from '../../common/records';
import type { Role } from '../../common/role';
import { userPolicy } from './user.policy';
import { accountTrail } from './user-account.service';

/**
 * Accounts whose reason to exist has ended with a record: a cadre who retired or was transferred
 * out (their CADRE and MENTOR accounts), a unit that was archived (its UNIT_MANAGER accounts).
 * Each is deactivated in the same transaction as the change that ended it, audited as
 * `user.deactivate` with the reason, and its tokens end for good (the token version moves on),
 * exactly as `deactivateUser` does; the org department may reactivate one that is still needed.
 */
export class AccountClosureService {
  /** The active accounts of a cadre who left; returns how many were deactivated. */
  closeForCadre(ctx: TxContext, cadreId: number, reason: string): Promise<number> {
    return this.close(ctx, { cadreId, role: userPolicy.endsWith.cadre }, reason);
  }

  /** The active UNIT_MANAGER accounts of an archived unit; returns how many were deactivated. */
  closeForUnit(ctx: TxContext, unitId: number, reason: string): Promise<number> {
    return this.close(ctx, { unitId, role: userPolicy.endsWith.unit }, reason);
  }

  private async close(
    ctx: TxContext,
    link: { cadreId?: number; unitId?: number; role: readonly Role[] },
    reason: string,
  ): Promise<number> {
    const ids: { id: number }[] = await ctx.tx.query(
      `SELECT id FROM app_user
        WHERE is_active AND role = ANY($1) AND ($2::int IS NULL OR cadre_id = $2)
          AND ($3::int IS NULL OR unit_id = $3)
        ORDER BY id`,
      [link.role, link.cadreId ?? null, link.unitId ?? null],
    );
    for (const { id } of ids) {
      const user = await records.lock(ctx, 'User', id);
      const step = { action: 'user.deactivate', trail: accountTrail, reason } as const;
      await records.change(ctx, 'User', user, step, (u) => {
        u.tokenVersion += 1;
      });
    }
    return ids.length;
  }
}

export const accountClosureService = new AccountClosureService();
