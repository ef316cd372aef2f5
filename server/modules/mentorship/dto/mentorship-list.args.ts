import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { Mentorship } from '../mentorship.entity';
import { MentorSession } from '../mentor-session.entity';

export enum MentorshipOrderField {
  START_DATE = 'START_DATE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(MentorshipOrderField, {
  name: 'MentorshipOrderField',
  description: 'Fields mentorships can be sorted by.',
  valuesConfig: {
    START_DATE: { description: 'By start date, then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const MENTORSHIP_ORDER_COLUMNS: Record<MentorshipOrderField, string> = {
  START_DATE: 'start_date',
  CREATED_AT: 'created_at',
};
export const MentorshipOrder = orderInputType<MentorshipOrderField>(
  'Mentorship',
  MentorshipOrderField,
);

@InputType({ description: 'Conditions mentorships must all meet.' })
export class MentorshipFilter {
  @Field({ nullable: true, description: 'Only active (true) or only ended (false) mentorships.' })
  isActive?: boolean;

  @Field(() => [ID], { nullable: true, description: 'Mentor is any of these cadres.' })
  mentorIds?: string[];
}

@ArgsType()
export class MentorshipListArgs extends PageArgs {
  @Field(() => MentorshipFilter, {
    nullable: true,
    description: 'Only mentorships meeting these conditions.',
  })
  filter?: MentorshipFilter;

  @Field(() => MentorshipOrder, {
    nullable: true,
    description: 'Sort order; default start date ascending.',
  })
  orderBy?: OrderInput<MentorshipOrderField>;
}

export enum MentorSessionOrderField {
  DATE = 'DATE',
}
registerEnumType(MentorSessionOrderField, {
  name: 'MentorSessionOrderField',
  description: 'Fields mentor sessions can be sorted by.',
  valuesConfig: { DATE: { description: 'By date, then by ID.' } },
});
export const MentorSessionOrder = orderInputType<MentorSessionOrderField>(
  'MentorSession',
  MentorSessionOrderField,
);

@ArgsType()
export class MentorSessionListArgs extends PageArgs {
  @Field(() => MentorSessionOrder, {
    nullable: true,
    description: 'Sort order; default date ascending.',
  })
  orderBy?: OrderInput<MentorSessionOrderField>;
}

export const MentorshipConnection = connectionType(
  Mentorship,
  'Mentorship',
  'A page of mentorships (帮带).',
);

export const MentorSessionConnection = connectionType(
  MentorSession,
  'MentorSession',
  'A page of mentor sessions (帮带谈话).',
);
