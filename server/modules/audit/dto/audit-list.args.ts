import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { AuditEntry } from '../audit-entry.entity';

export enum AuditOrderField {
  AT = 'AT',
}
registerEnumType(AuditOrderField, {
  name: 'AuditOrderField',
  description: 'Fields audit entries can be sorted by.',
  valuesConfig: { AT: { description: 'By time of the change, then by ID.' } },
});
export const AuditEntryOrder = orderInputType<AuditOrderField>('AuditEntry', AuditOrderField);

@InputType({ description: 'Conditions audit entries must all meet.' })
export class AuditEntryFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Type of the changed record, e.g. `Posting`.',
  })
  entity?: string[];

  @Field(() => [String], { nullable: true, description: 'Action, e.g. `posting.activate`.' })
  action?: string[];

  @Field(() => ID, { nullable: true, description: 'Changes of this one record (global ID).' })
  subjectId?: string;

  @Field(() => [ID], { nullable: true, description: 'Made by any of these users.' })
  actorIds?: string[];

  @Field(() => Date, { nullable: true, description: 'Made at or after this time.' })
  since?: Date;

  @Field(() => Date, { nullable: true, description: 'Made before this time.' })
  until?: Date;
}

@ArgsType()
export class AuditEntryListArgs extends PageArgs {
  @Field(() => AuditEntryFilter, {
    nullable: true,
    description: 'Only entries meeting these conditions.',
  })
  filter?: AuditEntryFilter;

  @Field(() => AuditEntryOrder, {
    nullable: true,
    description: 'Sort order; default oldest first.',
  })
  orderBy?: OrderInput<AuditOrderField>;
}

export const AuditEntryConnection = connectionType(
  AuditEntry,
  'AuditEntry',
  'A page of audit entries (审计记录).',
);
