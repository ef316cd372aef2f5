import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { FieldOptions } from 'type-graphql';
import { AlertKind } from '../alert/alert.entity';
import { EvaluationDimension, Grade } from '../evaluation/evaluation-enums';
import { PostingStatus, PostingType } from '../posting/posting-type';
import { UnitKind } from '../unit/unit.entity';

@InputType({
  description: 'Which postings the statistics cover; all that the viewer may read by default.',
})
export class StatisticsFilter {
  @Field(() => Int, { nullable: true, description: 'Postings starting in this year.' })
  year?: number;

  @Field(() => [PostingType], { nullable: true, description: 'Any of these posting types.' })
  type?: PostingType[];

  @Field(() => [ID], { nullable: true, description: 'Received by any of these units.' })
  receivingUnitIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Sent by any of these units.' })
  sendingUnitIds?: string[];
}

@ObjectType({ description: 'Programme statistics (统计), over the postings the viewer may read.' })
export class Statistics {
  filter!: StatisticsFilter;
  /** Figures computed once per `statistics` field and shared by its field resolvers. */
  readonly computed = new Map<string, Promise<unknown>>();
}

/** The `suppressed` flag every row of statistics (and of programmeOverview) carries. */
export const SUPPRESSED: FieldOptions = {
  description:
    'True when figures of this row are withheld (null) by disclosure control (小单元格抑制, for analysts): computed from 1 to policy.minCellSize − 1 distinct cadres, or able to reveal such a figure by subtraction from a total (complementary suppression). See Statistics.disclosureControl for the threshold.',
};

/** A count that disclosure control may withhold. */
export const count = (description: string): FieldOptions => ({
  nullable: true,
  description: `${description} Null when suppressed.`,
});

@ObjectType({
  description:
    'How the statistics were protected (统计披露控制): analysts get cells of fewer than policy.minCellSize distinct cadres withheld, with the cells that would reveal them; the organisation department and unit managers get exact figures.',
})
export class DisclosureControl {
  @Field(() => Boolean, { description: 'Whether small cells are suppressed for this viewer.' })
  applied!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      'The threshold applied: a cell is shown when computed from 0 or at least this many distinct cadres. Null when not applied.',
  })
  minCellSize!: number | null;

  @Field(() => Boolean, {
    description:
      'Whether any figure was withheld, over every field at its default arguments (gradeDistribution of FINAL evaluations); each row also says so in `suppressed`.',
  })
  anySuppressed!: boolean;
}

@ObjectType({ description: 'Number of postings of one type in one status.' })
export class PostingCount {
  @Field(() => PostingType, { description: 'Posting type.' })
  type!: PostingType;

  @Field(() => PostingStatus, { description: 'Status.' })
  status!: PostingStatus;

  @Field(() => Int, count('Number of postings.'))
  count!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({ description: 'Number of finalized evaluations with one grade.' })
export class GradeCount {
  @Field(() => Grade, { description: 'Grade (考核等次).' })
  grade!: Grade;

  @Field(() => Int, count('Number of finalized evaluations.'))
  count!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({
  description: 'Share of EXCELLENT FINAL grades for one receiving-unit kind and year (优秀比例).',
})
export class ExcellentShare {
  @Field(() => UnitKind, { description: 'Kind of the receiving units.' })
  receivingUnitKind!: UnitKind;

  @Field(() => Int, { description: 'Year of the evaluations.' })
  year!: number;

  @Field(() => Int, count('FINAL evaluations submitted or finalized (the quota’s denominator).'))
  finalEvaluations!: number | null;

  @Field(() => Int, count('Finalized FINAL evaluations graded EXCELLENT.'))
  excellent!: number | null;

  @Field(() => Float, count('excellent ÷ finalEvaluations, 0–1.'))
  share!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({ description: 'Number of standing alerts of one kind.' })
export class AlertCount {
  @Field(() => AlertKind, { description: 'Alert kind.' })
  kind!: AlertKind;

  @Field(() => Int, count('Number of alerts.'))
  count!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({ description: 'Mean score on one dimension over finalized evaluations.' })
export class DimensionAverage {
  @Field(() => EvaluationDimension, { description: 'Dimension.' })
  dimension!: EvaluationDimension;

  @Field(() => Float, {
    nullable: true,
    description:
      'Mean score 0–100; null without scores, or when suppressed (too few cadres scored).',
  })
  average!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'Whether excellent returns are used (挂用结合): promotions after EXCELLENT postings.',
})
export class PromotionAfterReturn {
  @Field(() => Int, count('COMPLETED postings with a finalized EXCELLENT FINAL evaluation.'))
  excellentReturns!: number | null;

  @Field(() => Int, count('Of those, cadres promoted or appointed within the policy’s window.'))
  promotedWithinWindow!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'promotedWithinWindow ÷ excellentReturns; null if none, or when suppressed.',
  })
  rate!: number | null;

  @Field(() => Boolean, SUPPRESSED)
  suppressed!: boolean;
}
