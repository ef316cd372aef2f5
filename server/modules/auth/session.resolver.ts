import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { RevokeUserTokensInput, UserPayload } from './dto/session.inputs';
import { ADMIN, ANY_ROLE } from '../../common/role';
import { sessionService } from './session.service';

/** Ending login sessions (the tokens `login` hands out). */
@Resolver()
export class SessionResolver {
  @Authorized(...ANY_ROLE)
  @Mutation(() => UserPayload, {
    description: 'Signs out everywhere: every login token of the viewer stops working.',
  })
  async logout(@Ctx() ctx: Context) {
    return UserPayload.from(await sessionService.logout(ctx));
  }

  @Authorized(...ADMIN)
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
