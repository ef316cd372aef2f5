import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import {
  orderInputType,
  pinyinOrder,
  type OrderExpression,
  type OrderInput,
} from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { AdminLevel, UnitKind } from '../unit.entity';
import { Unit } from '../unit.entity';

export enum UnitOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(UnitOrderField, {
  name: 'UnitOrderField',
  description: 'Fields units can be sorted by.',
  valuesConfig: {
    NAME: { description: 'By name in pinyin order (拼音), then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const UNIT_ORDER_COLUMNS: Record<UnitOrderField, string | OrderExpression> = {
  NAME: pinyinOrder('name'),
  CREATED_AT: 'created_at',
};
export const UnitOrder = orderInputType<UnitOrderField>('Unit', UnitOrderField);

@InputType({ description: 'Conditions units must all meet.' })
export class UnitFilter {
  @Field(() => [UnitKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: UnitKind[];

  @Field(() => [AdminLevel], { nullable: true, description: 'Any of these administrative levels.' })
  adminLevel?: AdminLevel[];

  @Field(() => String, { nullable: true, description: 'Region equals this (地区).' })
  region?: string;

  @Field({ nullable: true, description: 'In a developed region (发达地区) or not.' })
  isDevelopedRegion?: boolean;

  @Field(() => ID, { nullable: true, description: 'Direct children of this unit.' })
  parentId?: string;

  @Field(() => String, { nullable: true, description: 'Name contains this text.' })
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'Unit code (单位代码) equals this.' })
  code?: string;

  @Field({ nullable: true, description: 'Archived units (已撤销) or active ones.' })
  isArchived?: boolean;
}

@ArgsType()
export class UnitListArgs extends PageArgs {
  @Field(() => UnitFilter, { nullable: true, description: 'Only units meeting these conditions.' })
  filter?: UnitFilter;

  @Field(() => UnitOrder, { nullable: true, description: 'Sort order; default name ascending.' })
  orderBy?: OrderInput<UnitOrderField>;
}

export const UnitConnection = connectionType(Unit, 'Unit', 'A page of units (单位).');
