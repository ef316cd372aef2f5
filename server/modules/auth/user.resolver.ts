import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Mutation, Query, Resolver, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { UserPayload } from './dto/session.inputs';
import {
  ChangeMyPasswordInput,
  ChangeMyPasswordPayload,
  CreateUserInput,
  OneTimePasswordPayload,
  UpdateUserInput,
  UserConnection,
  UserListArgs,
  DeactivateUserInput,
  ReactivateUserInput,
  ResetUserPasswordInput,
} from './dto/user.inputs';
import { passwordChangeService } from './password-change.service';
import { userAccountService as accounts, type IssuedPassword } from './user-account.service';
import { User } from './user.entity';
import { userPolicy } from './user.policy';
import type { MutationResult } from '../../common/mutation';

const oneTime = ({ result, userErrors }: MutationResult<IssuedPassword>) => ({
  user: result?.user ?? null,
  oneTimePassword: result?.oneTimePassword ?? null,
  userErrors,
});

/** Accounts (用户) managed by the organisation department, and one's own password. */
@Resolver(() => User)
export class UserResolver {
  @Allow(userPolicy.may.list)
  @Query(() => UserConnection, { description: 'User accounts (用户), by role, unit and state.' })
  async users(@Args() args: UserListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return new UserConnection(await accounts.list(ctx, selecting(ctx, info, 'User', args)));
  }

  @Allow(userPolicy.may.create)
  @Mutation(() => OneTimePasswordPayload, {
    description:
      'Creates an account with a one-time password, shown once: the user must change it at first sign-in.',
  })
  async createUser(
    @Arg('input', { description: 'Username, role, and the unit or cadre the role needs.' })
    input: CreateUserInput,
    @Ctx() ctx: Context,
  ): Promise<OneTimePasswordPayload> {
    return oneTime(await accounts.create(ctx, input));
  }

  @Allow(userPolicy.may.update)
  @Mutation(() => UserPayload, {
    description: 'Changes an account’s role, unit or cadre; any change signs the user out.',
  })
  async updateUser(
    @Arg('input', { description: 'The account and what changes.' }) input: UpdateUserInput,
    @Ctx() ctx: Context,
  ) {
    return UserPayload.from(await accounts.update(ctx, input));
  }

  @Allow(userPolicy.may.deactivate)
  @Mutation(() => UserPayload, {
    description: 'Deactivates an account (停用): it cannot sign in, and its sessions end for good.',
  })
  async deactivateUser(
    @Arg('input', { description: 'The account.' }) input: DeactivateUserInput,
    @Ctx() ctx: Context,
  ) {
    return UserPayload.from(await accounts.deactivate(ctx, input));
  }

  @Allow(userPolicy.may.reactivate)
  @Mutation(() => UserPayload, {
    description:
      'Reactivates a deactivated account: it may sign in again; sessions from before stay ended.',
  })
  async reactivateUser(
    @Arg('input', { description: 'The account.' }) input: ReactivateUserInput,
    @Ctx() ctx: Context,
  ) {
    return UserPayload.from(await accounts.reactivate(ctx, input));
  }

  @Allow(userPolicy.may.resetPassword)
  @Mutation(() => OneTimePasswordPayload, {
    description:
      'Gives an account a new one-time password, shown once; its old password and sessions stop working.',
  })
  async resetUserPassword(
    @Arg('input', { description: 'The account.' }) input: ResetUserPasswordInput,
    @Ctx() ctx: Context,
  ): Promise<OneTimePasswordPayload> {
    return oneTime(await accounts.resetPassword(ctx, input));
  }

  @Allow(userPolicy.may.changeOwnPassword)
  @Mutation(() => ChangeMyPasswordPayload, {
    description:
      'Changes the viewer’s password (the current one required) and returns a new token: every earlier session ends.',
  })
  async changeMyPassword(
    @Arg('input', { description: 'Current and new password.' }) input: ChangeMyPasswordInput,
    @Ctx() ctx: Context,
  ): Promise<ChangeMyPasswordPayload> {
    const { result, userErrors } = await passwordChangeService.change(ctx, input);
    return {
      user: result?.user ?? null,
      token: result?.token ?? null,
      expiresAt: result?.expiresAt ?? null,
      userErrors,
    };
  }
}

/**
 * What a viewer signed in with a one-time password may still call: the change itself, and
 * finding out who they are or signing out. The auth checker refuses everything else.
 */
export const PASSWORD_CHANGE_OPERATIONS: ReadonlySet<string> = new Set([
  'changeMyPassword',
  'me',
  'logout',
]);
