import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { userPolicy } from './user.policy';
import { RevokeUserTokensInput, UserPayload } from './dto/session.inputs';
import { sessionService } from './session.service';

/** Ending login sessions (the tokens `login` hands out). */
@Resolver()
export class SessionResolver {
  @Allow(userPolicy.may.logout)
  @Mutation(() => UserPayload, {
    description: 'Signs out everywhere: every login token of the viewer stops working.',
  })
  async logout(@Ctx() ctx: Context) {
    return UserPayload.from(await sessionService.logout(ctx));
  }

  @Allow(userPolicy.may.revokeTokens)
  @Mutation(() => UserPayload, {
    description: 'Revokes every login token of a user (e.g. a lost device).',
  })
  async revokeUserTokens(
    @Arg('input', { description: 'The user.' }) input: RevokeUserTokensInput,
    @Ctx() ctx: Context,
  ) {
    return UserPayload.from(await sessionService.revokeTokens(ctx, input));
  }
}
