import type { Context } from '../../context';
import { expectVersion, runMutation, type MutationResult } from '../../common/mutation';
import { lockForWrite } from '../../common/records';
import { auditService, snapshot } from '../audit/audit.service';
import type { UpdatePolicyInput } from './dto/update-policy.input';
import type { Policy } from './policy.entity';
import { checkPolicy, POLICY_LIMITS } from './policy.rules';

/** The one row of the policy table (inserted by the initial migration). */
export const POLICY_ID = 1;

export class PolicyService {
  /** Changes thresholds under the version read; audited with the values before and after. */
  update(ctx: Context, input: UpdatePolicyInput): Promise<MutationResult<Policy>> {
    return runMutation(ctx, async (ctx) => {
      const policy = await lockForWrite(ctx, 'Policy', POLICY_ID);
      expectVersion(policy, input.version);
      const before = snapshot(policy);
      for (const key of Object.keys(POLICY_LIMITS) as (keyof typeof POLICY_LIMITS)[]) {
        const value = input[key];
        if (value !== null && value !== undefined) policy[key] = value;
      }
      checkPolicy(policy);
      policy.version += 1;
      const saved = await ctx.tx.save(policy);
      await auditService.record(ctx, {
        action: 'policy.update',
        entity: 'Policy',
        entityId: saved.id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}

export const policyService = new PolicyService();
