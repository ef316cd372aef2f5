import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { notFound } from '../../common/errors';
import { ANY_ROLE } from '../auth/roles';
import { Policy } from './policy.entity';

@Resolver(() => Policy)
export class PolicyResolver {
  @Authorized(...ANY_ROLE)
  @Query(() => Policy, { description: 'The programme thresholds in force (政策参数).' })
  async policy(@Ctx() ctx: Context): Promise<Policy> {
    const [policy] = await ctx.loaders.Policy.loadMany([1]);
    if (!policy || policy instanceof Error) throw notFound('Policy');
    return policy;
  }
}
