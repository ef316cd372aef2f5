import { MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { idsOf, orderInputType, type OrderExpression, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { Role } from '../../../common/role';
import { UserError } from '../../../common/user-error';
import { MAX_PASSWORD_LENGTH } from '../password-strength';
import { User } from '../user.entity';

@InputType({ description: 'A new account (用户) for a person of the programme.' })
export class CreateUserInput {
  @Field({
    description: 'Sign-in name: 3–64 letters, digits, _ . @ -; trimmed; unique whatever its case.',
  })
  // No class-validator bound: a username of any length is refused by the service as a userError
  // (INVALID_USERNAME), as import rows are; the document limits keep absurd requests out.
  username!: string;

  @Field(() => Role, { description: 'The role; it decides which of unit and cadre are given.' })
  role!: Role;

  @Field(() => ID, {
    nullable: true,
    description:
      'UNIT_MANAGER: the unit managed (required). MENTOR, CADRE: optionally the cadre’s home unit, checked against it (ACCOUNT_CADRE_OF_OTHER_UNIT). Others: none.',
  })
  unitId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'MENTOR (a leadership-team member) and CADRE: the person’s cadre record (required). Others: none.',
  })
  cadreId?: string | null;
}

@InputType({
  description:
    'Changes what an account is: its role, unit and cadre. Any change signs the user out everywhere.',
})
export class UpdateUserInput {
  @Field(() => ID, { description: 'The account.' })
  userId!: string;

  @Field(() => Role, { nullable: true, description: 'The new role; unchanged when left out.' })
  role?: Role | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The unit (see CreateUserInput.unitId); unchanged when left out, null removes it.',
  })
  unitId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The cadre (see CreateUserInput.cadreId); unchanged when left out, null removes it.',
  })
  cadreId?: string | null;
}

/** An account, by its ID: the input of the steps that take nothing else. */
@InputType({ description: 'An account, by its ID.' })
export abstract class UserRefInput {
  @Field(() => ID, { description: 'The account.' })
  userId!: string;
}

@InputType({ description: 'Deactivates an account (停用).' })
export class DeactivateUserInput extends UserRefInput {}

@InputType({ description: 'Reactivates a deactivated account.' })
export class ReactivateUserInput extends UserRefInput {}

@InputType({ description: 'Gives an account a new one-time password.' })
export class ResetUserPasswordInput extends UserRefInput {}

@InputType({ description: 'The viewer’s new password, proven by the current one.' })
export class ChangeMyPasswordInput {
  @Field({ description: 'The current password (or the one-time password given by the admin).' })
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  currentPassword!: string;

  @Field({
    description:
      'The new password: at least 8 characters and hard to guess (several uncommon words work well).',
  })
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  newPassword!: string;
}

@ObjectType({
  description:
    'Result of `createUser` and `resetUserPassword`: the only time the one-time password is shown.',
})
export class OneTimePasswordPayload {
  @Field(() => User, { nullable: true, description: 'The account; null when refused.' })
  user!: User | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A one-time password to hand to the user: it signs in once and must then be changed. Never shown again.',
  })
  oneTimePassword!: string | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of `changeMyPassword`: a new token, the old ones are ended.' })
export class ChangeMyPasswordPayload {
  @Field(() => User, { nullable: true, description: 'The account; null when refused.' })
  user!: User | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A new bearer token: changing the password ends every earlier session, this one included.',
  })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the new token stops working.' })
  expiresAt!: Date | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  userErrors!: UserError[];
}

export enum UserOrderField {
  USERNAME = 'USERNAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(UserOrderField, {
  name: 'UserOrderField',
  description: 'Fields accounts can be sorted by.',
  valuesConfig: {
    USERNAME: { description: 'By username regardless of case, then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const USER_ORDER_COLUMNS: Record<UserOrderField, string | OrderExpression> = {
  USERNAME: (alias) => `lower(${alias}.username)`,
  CREATED_AT: 'created_at',
};
export const UserOrder = orderInputType<UserOrderField>('User', UserOrderField);

@InputType({ description: 'Conditions accounts must all meet.' })
export class UserFilter {
  @Field(() => [Role], { nullable: true, description: 'Any of these roles.' })
  role?: Role[];

  @Field(() => [ID], {
    nullable: true,
    description:
      'Accounts of any of these units: their managers, and mentors and cadres whose home unit it is.',
  })
  unitIds?: string[];

  @Field({ nullable: true, description: 'Active accounts (true) or deactivated ones (false).' })
  isActive?: boolean;
}

/** The filter with its IDs decoded, as the list query takes it. */
export function decodeUserFilter(filter: UserFilter | undefined) {
  return {
    role: filter?.role,
    unitIds: idsOf(filter?.unitIds, 'Unit', 'filter.unitIds'),
    isActive: filter?.isActive,
  };
}

@ArgsType()
export class UserListArgs extends PageArgs {
  @Field(() => UserFilter, {
    nullable: true,
    description: 'Only accounts meeting these conditions.',
  })
  filter?: UserFilter;

  @Field(() => UserOrder, {
    nullable: true,
    description: 'Sort order; default username ascending.',
  })
  orderBy?: OrderInput<UserOrderField>;
}

export const UserConnection = connectionType(User, 'User', 'A page of accounts (用户).');
