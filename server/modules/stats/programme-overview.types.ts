import { Field, Float, Int, ObjectType } from 'type-graphql';
import { PostingType } from '../posting/posting-type';
import { UnitKind } from '../unit/unit.entity';
import { count, SUPPRESSED } from './stats.types';

@ObjectType({ description: 'Postings of one type in the overview’s year (年度挂职情况).' })
export class PostingYearCount {
  @Field(() => PostingType, { description: 'Posting type (挂职类型).' })
  type!: PostingType;

  @Field(
    () => Int,
    count(
      'Postings that began in the year (当年派出): start date in the year, not cancelled before it.',
    ),
  )
  started!: number | null;

  @Field(
    () => Int,
    count(
      'Postings on site at any time in the year (在岗): begun by its end, not returned before its start.',
    ),
  )
  active!: number | null;

  @Field(() => Int, count('Postings COMPLETED with the return in the year (期满返回).'))
  completed!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'The reserve cadre pool (后备干部队伍): in-service cadres listed as reserve cadres (Cadre.isReserve, 列入后备干部), as it stands now.',
})
export class ReservePool {
  @Field(() => Int, count('Reserve cadres in service that the viewer may read.'))
  size!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'Use of the EXCELLENT quota (优秀比例限额) by one receiving-unit kind in the year: finalized EXCELLENT FINAL grades against the cap the Policy’s quota allows.',
})
export class ExcellentQuotaUse {
  @Field(() => UnitKind, { description: 'Kind of the receiving units (接收单位类型).' })
  receivingUnitKind!: UnitKind;

  @Field(
    () => Int,
    count('FINAL evaluations submitted or finalized in the year (the quota’s base).'),
  )
  finalEvaluations!: number | null;

  @Field(() => Int, count('Finalized FINAL evaluations graded EXCELLENT (优秀) in the year.'))
  excellent!: number | null;

  @Field(
    () => Int,
    count('EXCELLENT grades allowed: max(1, floor(Policy.excellentQuota × finalEvaluations)).'),
  )
  cap!: number | null;

  @Field(() => Float, count('excellent ÷ cap (限额使用率); 1 is the quota used up.'))
  use!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'The programme at a glance for one year (年度挂职工作概览), for the front page: counted over what the viewer may read, with the disclosure control of `statistics`.',
})
export class ProgrammeOverview {
  @Field(() => Int, { description: 'The calendar year (年度).' })
  year!: number;

  /** Figures computed once per `programmeOverview` field and shared by its field resolvers. */
  readonly computed = new Map<string, Promise<unknown>>();
}
