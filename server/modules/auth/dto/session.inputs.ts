import { Field, ID, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { User } from '../user.entity';

@InputType({ description: 'Revokes every login token a user holds (e.g. a lost device).' })
export class RevokeUserTokensInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
}

export const UserPayload = payloadType(User, 'user', 'User');
