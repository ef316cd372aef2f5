import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { CareerEventKind } from '../career-event.entity';
import { CareerEvent } from '../career-event.entity';

export enum CareerEventOrderField {
  DATE = 'DATE',
}
registerEnumType(CareerEventOrderField, {
  name: 'CareerEventOrderField',
  description: 'Fields career events can be sorted by.',
  valuesConfig: { DATE: { description: 'By date, then by ID.' } },
});
export const CareerEventOrder = orderInputType<CareerEventOrderField>(
  'CareerEvent',
  CareerEventOrderField,
);

@InputType({ description: 'Conditions career events must all meet.' })
export class CareerEventFilter {
  @Field(() => [CareerEventKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: CareerEventKind[];
}

@ArgsType()
export class CareerEventListArgs extends PageArgs {
  @Field(() => CareerEventFilter, {
    nullable: true,
    description: 'Only events meeting these conditions.',
  })
  filter?: CareerEventFilter;

  @Field(() => CareerEventOrder, {
    nullable: true,
    description: 'Sort order; default date ascending.',
  })
  orderBy?: OrderInput<CareerEventOrderField>;
}

export const CareerEventConnection = connectionType(
  CareerEvent,
  'CareerEvent',
  'A page of career events (任免记录).',
);
