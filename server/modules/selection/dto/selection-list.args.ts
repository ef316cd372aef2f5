import { ArgsType, Field, InputType, Int, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { PostingType } from '../../posting/posting-type';
import { CandidateStatus } from '../candidate.entity';
import { SelectionRoundStatus } from '../selection-round.entity';
import { SelectionRound } from '../selection-round.entity';
import { Candidate } from '../candidate.entity';

export enum SelectionRoundOrderField {
  YEAR = 'YEAR',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(SelectionRoundOrderField, {
  name: 'SelectionRoundOrderField',
  description: 'Fields rounds can be sorted by.',
  valuesConfig: {
    YEAR: { description: 'By year, then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const SelectionRoundOrder = orderInputType<SelectionRoundOrderField>(
  'SelectionRound',
  SelectionRoundOrderField,
);

@InputType({ description: 'Conditions selection rounds must all meet.' })
export class SelectionRoundFilter {
  @Field(() => [Int], { nullable: true, description: 'Any of these years.' })
  year?: number[];

  @Field(() => [PostingType], { nullable: true, description: 'Any of these posting types.' })
  postingType?: PostingType[];

  @Field(() => [SelectionRoundStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: SelectionRoundStatus[];
}

@ArgsType()
export class SelectionRoundListArgs extends PageArgs {
  @Field(() => SelectionRoundFilter, {
    nullable: true,
    description: 'Only rounds meeting these conditions.',
  })
  filter?: SelectionRoundFilter;

  @Field(() => SelectionRoundOrder, {
    nullable: true,
    description: 'Sort order; default year ascending.',
  })
  orderBy?: OrderInput<SelectionRoundOrderField>;
}

export enum CandidateOrderField {
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CandidateOrderField, {
  name: 'CandidateOrderField',
  description: 'Fields candidates can be sorted by.',
  valuesConfig: { CREATED_AT: { description: 'By creation time, then by ID.' } },
});
export const CandidateOrder = orderInputType<CandidateOrderField>('Candidate', CandidateOrderField);

@InputType({ description: 'Conditions candidates must all meet.' })
export class CandidateFilter {
  @Field(() => [CandidateStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: CandidateStatus[];
}

@ArgsType()
export class CandidateListArgs extends PageArgs {
  @Field(() => CandidateFilter, {
    nullable: true,
    description: 'Only candidates meeting these conditions.',
  })
  filter?: CandidateFilter;

  @Field(() => CandidateOrder, {
    nullable: true,
    description: 'Sort order; default nomination time ascending.',
  })
  orderBy?: OrderInput<CandidateOrderField>;
}

export const SelectionRoundConnection = connectionType(
  SelectionRound,
  'SelectionRound',
  'A page of selection rounds (选派批次).',
);

export const CandidateConnection = connectionType(
  Candidate,
  'Candidate',
  'A page of candidates (候选人).',
);
