import { MaxLength, MinLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../common/user-error';
import { User } from '../user.entity';

@InputType({ description: 'Credentials to sign in with.' })
export class LoginInput {
  @Field({ description: 'Sign-in name (用户名).' })
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @Field({ description: 'Password (密码).' })
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

@ObjectType({ description: 'Result of `login`.' })
export class LoginPayload {
  @Field(() => String, {
    nullable: true,
    description: 'Bearer token: send as `Authorization: Bearer <token>`.',
  })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working.' })
  expiresAt!: Date | null;

  @Field(() => User, { nullable: true, description: 'The signed-in user.' })
  user!: User | null;

  @Field({
    description:
      'The password was a one-time password: call `changeMyPassword` with it first; until then every other operation but `me` and `logout` answers PASSWORD_CHANGE_REQUIRED.',
  })
  passwordChangeRequired!: boolean;

  @Field(() => [UserError], { description: 'Why sign-in failed; empty on success.' })
  userErrors!: UserError[];
}
