import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { requireViewer, type Context } from '../../context';
import { Allow } from '../../common/permission';
import { userPolicy } from './user.policy';
import { notFound } from '../../common/errors';
import { related } from '../../common/relations';
import { Cadre } from '../cadre/cadre.entity';
import { Unit } from '../unit/unit.entity';
import { LoginInput, LoginPayload } from './dto/login.input';
import { User } from './user.entity';

/** Operations anonymous callers may use; every other one declares its roles. */
export const PUBLIC_OPERATIONS = ['login'];

@Resolver(() => User)
export class AuthResolver {
  @Mutation(() => LoginPayload, {
    description:
      'Sign in with username and password; returns a bearer token. One `login` per request (aliases: BAD_USER_INPUT); repeated wrong passwords for a username from one address wait longer and longer, and many from one address wait for the hour: RATE_LIMITED (HTTP 429) with `extensions.retryAfter` in seconds.',
  })
  async login(
    @Arg('input', { description: 'Username and password.' }) input: LoginInput,
    @Ctx() ctx: Context,
  ): Promise<LoginPayload> {
    const result = await ctx.auth.login(input.username, input.password, ctx.clientIp);
    // The payload's nested fields (user { unit cadre }) resolve as the user just signed in.
    if (result.viewer) ctx.signIn(result.viewer);
    return result;
  }

  @Allow(userPolicy.may.readSelf)
  @Query(() => User, { description: 'The signed-in user.' })
  async me(@Ctx() ctx: Context): Promise<User> {
    const { userId } = requireViewer(ctx);
    // A request made with an API key has a role but no user.
    const user = userId === null ? null : await ctx.loaders.User.load(userId);
    if (!user) throw notFound('User');
    return user;
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'Unit managed (UNIT_MANAGER).' })
  unit(@Root() user: User, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Unit', user.unitId);
  }

  @FieldResolver(() => Cadre, {
    nullable: true,
    description: 'The user’s own cadre record (MENTOR, CADRE).',
  })
  cadre(@Root() user: User, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Cadre', user.cadreId);
  }
}
