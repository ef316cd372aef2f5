import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { Alert } from '../alert.entity';

@InputType({ description: 'Acknowledges an open alert (阅知): someone has seen it and says so.' })
export class AcknowledgeAlertInput {
  @Field(() => ID, { description: 'The alert.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What is being done about it (处理意见), up to 2 000 characters.',
  })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version read; after a later change the mutation is refused with STALE_VERSION.',
  })
  version?: number | null;
}

@InputType({ description: 'Gives an open alert to a user to follow up (交办).' })
export class AssignAlertInput {
  @Field(() => ID, { description: 'The alert.' })
  id!: string;

  @Field(() => ID, {
    description:
      'The user to follow it up: an ORG_ADMIN, or a UNIT_MANAGER of the posting’s sending or ' +
      'receiving unit, among the accounts the viewer may read (a manager: only themself).',
  })
  assigneeId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version read; after a later change the mutation is refused with STALE_VERSION.',
  })
  version?: number | null;
}

export const AlertPayload = payloadType(Alert, 'alert', 'Alert');
