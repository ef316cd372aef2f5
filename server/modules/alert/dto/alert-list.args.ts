import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { Alert, AlertKind } from '../alert.entity';

export enum AlertOrderField {
  RAISED_ON = 'RAISED_ON',
}
registerEnumType(AlertOrderField, {
  name: 'AlertOrderField',
  description: 'Fields alerts can be sorted by.',
  valuesConfig: { RAISED_ON: { description: 'By the day the alert was raised, then by ID.' } },
});
export const AlertOrder = orderInputType<AlertOrderField>('Alert', AlertOrderField);

@InputType({ description: 'Conditions alerts must all meet.' })
export class AlertFilter {
  @Field(() => [AlertKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: AlertKind[];

  @Field(() => [ID], { nullable: true, description: 'Of postings received by any of these units.' })
  receivingUnitIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Of postings sent by any of these units.' })
  sendingUnitIds?: string[];
}

@ArgsType()
export class AlertListArgs extends PageArgs {
  @Field(() => AlertFilter, {
    nullable: true,
    description: 'Only alerts meeting these conditions.',
  })
  filter?: AlertFilter;

  @Field(() => AlertOrder, { nullable: true, description: 'Sort order; default newest first.' })
  orderBy?: OrderInput<AlertOrderField>;
}

export const AlertConnection = connectionType(Alert, 'Alert', 'A page of alerts (预警).');
