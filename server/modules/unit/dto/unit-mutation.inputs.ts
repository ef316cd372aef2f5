import { Field, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { AdminLevel, FrontlineArea, Unit, UnitKind } from '../unit.entity';

@InputType({ description: 'A new unit (单位) of the directory.' })
export class CreateUnitInput {
  @Field({ description: 'Unit code (单位代码): unique, 1–32 letters, digits, . _ -; upper-cased.' })
  code!: string;

  @Field({ description: 'Full name (单位名称); unique among the active units of one parent.' })
  name!: string;

  @Field(() => UnitKind, { description: 'Kind of organisation (单位类型).' })
  kind!: UnitKind;

  @Field(() => AdminLevel, { description: 'Administrative level (行政级别).' })
  adminLevel!: AdminLevel;

  @Field({ description: 'Region (地区).' })
  region!: string;

  @Field({ defaultValue: false, description: 'In a coastal or developed region (发达地区).' })
  isDevelopedRegion!: boolean;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'The front-line work the whole unit does (急难险重领域), e.g. PETITIONS for a 信访局; omit for an ordinary unit.',
  })
  frontlineArea?: FrontlineArea | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The unit it belongs to (上级单位); an active unit.',
  })
  parentId?: string | null;
}

@InputType({ description: 'Changes to an active unit; omitted fields stay as they are.' })
export class UpdateUnitInput {
  @Field(() => ID, { description: 'The unit.' })
  unitId!: string;

  @Field(() => Int, { description: 'The version read; a newer one means someone else changed it.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New unit code (单位代码).' })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => UnitKind, { nullable: true, description: 'New kind.' })
  kind?: UnitKind | null;

  @Field(() => AdminLevel, { nullable: true, description: 'New administrative level.' })
  adminLevel?: AdminLevel | null;

  @Field(() => String, { nullable: true, description: 'New region.' })
  region?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'In a developed region or not.' })
  isDevelopedRegion?: boolean | null;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'New front-line work area (急难险重领域); null makes it an ordinary unit, omitted leaves it.',
  })
  frontlineArea?: FrontlineArea | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'New parent unit; null makes it a top-level unit. Never one of its own descendants.',
  })
  parentId?: string | null;
}

@InputType({ description: 'Archives a unit (撤销): its history stays, it takes part no more.' })
export class ArchiveUnitInput {
  @Field(() => ID, { description: 'The unit.' })
  unitId!: string;

  @Field(() => Int, { nullable: true, description: 'The version read, if the client checks it.' })
  version?: number | null;

  @Field(() => LocalDate, { description: 'Day of the archiving; not in the future.' })
  archivedOn!: string;

  @Field(() => String, { nullable: true, description: 'Why, e.g. the document (文号); audited.' })
  reason?: string | null;
}

export const UnitPayload = payloadType(Unit, 'unit', 'Unit');
