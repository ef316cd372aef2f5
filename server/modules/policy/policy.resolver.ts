import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { thresholdPolicy } from './policy.policy';
import { notFound } from '../../common/errors';
import { PolicyPayload, UpdatePolicyInput } from './dto/update-policy.input';
import { Policy } from './policy.entity';
import { POLICY_ID, policyService } from './policy.service';

@Resolver(() => Policy)
export class PolicyResolver {
  @Allow(thresholdPolicy.may.read)
  @Query(() => Policy, { description: 'The programme thresholds in force (政策参数).' })
  async policy(@Ctx() ctx: Context): Promise<Policy> {
    const [policy] = await ctx.loaders.Policy.loadMany([POLICY_ID]);
    if (!policy || policy instanceof Error) throw notFound('Policy');
    return policy;
  }

  @Allow(thresholdPolicy.may.update)
  @Mutation(() => PolicyPayload, {
    description: 'Changes programme thresholds and weights (optimistic version check; audited).',
  })
  async updatePolicy(
    @Arg('input', { description: 'What to change.' }) args: UpdatePolicyInput,
    @Ctx() ctx: Context,
  ) {
    return PolicyPayload.from(await policyService.update(ctx, args));
  }
}
