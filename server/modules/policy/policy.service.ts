import type { Context } from '../../context';
import { runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import type { UpdatePolicyInput } from './dto/update-policy.input';
import type { Policy } from './policy.entity';
import { checkPolicy, POLICY_LIMITS } from './policy.rules';

/** The one row of the policy table (inserted by the initial migration). */
export const POLICY_ID = 1;

export class PolicyService {
  /** Changes thresholds under the version read; audited with the values before and after. */
  update(ctx: Context, input: UpdatePolicyInput): Promise<MutationResult<Policy>> {
    const step = { action: 'policy.update', expectedVersion: input.version } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Policy', POLICY_ID, step, (policy) => {
        for (const key of Object.keys(POLICY_LIMITS) as (keyof typeof POLICY_LIMITS)[]) {
          const value = input[key];
          if (value !== null && value !== undefined) policy[key] = value;
        }
        checkPolicy(policy);
      }),
    );
  }
}

export const policyService = new PolicyService();
