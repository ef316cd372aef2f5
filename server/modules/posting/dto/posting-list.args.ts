import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateRange, orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { PostingStatus, PostingType } from '../posting-type';
import { Posting } from '../posting.entity';

export enum PostingOrderField {
  START_DATE = 'START_DATE',
  PLANNED_END_DATE = 'PLANNED_END_DATE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(PostingOrderField, {
  name: 'PostingOrderField',
  description: 'Fields postings can be sorted by.',
  valuesConfig: {
    START_DATE: { description: 'By start date, then by ID.' },
    PLANNED_END_DATE: { description: 'By planned end date, then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});

export const POSTING_ORDER_COLUMNS: Record<PostingOrderField, string> = {
  START_DATE: 'start_date',
  PLANNED_END_DATE: 'planned_end_date',
  CREATED_AT: 'created_at',
};

export const PostingOrder = orderInputType<PostingOrderField>('Posting', PostingOrderField);

@InputType({ description: 'Conditions postings must all meet.' })
export class PostingFilter {
  @Field(() => [PostingStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: PostingStatus[];

  @Field(() => [PostingType], { nullable: true, description: 'Any of these types.' })
  type?: PostingType[];

  @Field(() => [ID], { nullable: true, description: 'Sent by any of these units (派出单位).' })
  sendingUnitIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Received by any of these units (接收单位).' })
  receivingUnitIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Of any of these cadres.' })
  cadreIds?: string[];

  @Field({ nullable: true, description: 'Substantive (实职) or nominal (虚职) posts only.' })
  isSubstantive?: boolean;

  @Field(() => DateRange, { nullable: true, description: 'Start date within this range.' })
  startDate?: DateRange;
}

@ArgsType()
export class PostingListArgs extends PageArgs {
  @Field(() => PostingFilter, {
    nullable: true,
    description: 'Only postings meeting these conditions.',
  })
  filter?: PostingFilter;

  @Field(() => PostingOrder, {
    nullable: true,
    description: 'Sort order; default start date ascending.',
  })
  orderBy?: OrderInput<PostingOrderField>;
}

export const PostingConnection = connectionType(Posting, 'Posting', 'A page of postings (挂职).');
