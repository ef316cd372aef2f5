import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateRange, orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { LocalDate } from '../../../common/scalars';
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

@InputType({
  description: 'Conditions alerts must all meet; an omitted condition is no condition.',
})
export class AlertFilter {
  @Field(() => [AlertKind], { nullable: true, description: 'Any of these kinds.' })
  kinds?: AlertKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Of postings sent or received by any of these units (派出或接收单位).',
  })
  unitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Of postings received by any of these units.' })
  receivingUnitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Of postings sent by any of these units.' })
  sendingUnitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Of postings of any of these cadres.' })
  cadreIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Of any of these postings.' })
  postingIds?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: alerts still standing (未解除); false: cleared ones (已解除); null: both. ' +
      'Omitted: true, or both with `asOf`.',
  })
  open?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: acknowledged alerts (已阅知); false: not yet acknowledged.',
  })
  acknowledged?: boolean | null;

  @Field(() => DateRange, { nullable: true, description: 'Raised within these days.' })
  raisedOn?: DateRange | null;
}

@ArgsType()
export class AlertListArgs extends PageArgs {
  @Field(() => AlertFilter, {
    nullable: true,
    description: 'Only alerts meeting these conditions.',
  })
  filter?: AlertFilter | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The alerts that stood on this day (YYYY-MM-DD, China): raised by then and not cleared by ' +
      'then. Alerts are not forecast: a later day answers with the alerts standing now.',
  })
  asOf?: string | null;

  @Field(() => AlertOrder, { nullable: true, description: 'Sort order; default newest first.' })
  orderBy?: OrderInput<AlertOrderField>;
}

export const AlertConnection = connectionType(Alert, 'Alert', 'A page of alerts (预警).');
