import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateRange, orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { EvaluationKind, EvaluationStatus, Grade } from '../evaluation-enums';
import { Evaluation } from '../evaluation.entity';

export enum EvaluationOrderField {
  DATE = 'DATE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(EvaluationOrderField, {
  name: 'EvaluationOrderField',
  description: 'Fields evaluations can be sorted by.',
  valuesConfig: {
    DATE: { description: 'By date, then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const EVALUATION_ORDER_COLUMNS: Record<EvaluationOrderField, string> = {
  DATE: 'date',
  CREATED_AT: 'created_at',
};
export const EvaluationOrder = orderInputType<EvaluationOrderField>(
  'Evaluation',
  EvaluationOrderField,
);

@InputType({ description: 'Conditions evaluations must all meet.' })
export class EvaluationFilter {
  @Field(() => [EvaluationKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: EvaluationKind[];

  @Field(() => [EvaluationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: EvaluationStatus[];

  @Field(() => [Grade], { nullable: true, description: 'Any of these grades.' })
  grade?: Grade[];

  @Field(() => [ID], { nullable: true, description: 'About any of these postings.' })
  postingIds?: string[];

  @Field(() => DateRange, { nullable: true, description: 'Assessment date within this range.' })
  date?: DateRange;
}

@ArgsType()
export class EvaluationListArgs extends PageArgs {
  @Field(() => EvaluationFilter, {
    nullable: true,
    description: 'Only evaluations meeting these conditions.',
  })
  filter?: EvaluationFilter;

  @Field(() => EvaluationOrder, {
    nullable: true,
    description: 'Sort order; default date ascending.',
  })
  orderBy?: OrderInput<EvaluationOrderField>;
}

export const EvaluationConnection = connectionType(
  Evaluation,
  'Evaluation',
  'A page of evaluations (考核).',
);
