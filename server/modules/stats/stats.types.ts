import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
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
}

@ObjectType({ description: 'Number of postings of one type in one status.' })
export class PostingCount {
  @Field(() => PostingType, { description: 'Posting type.' })
  type!: PostingType;

  @Field(() => PostingStatus, { description: 'Status.' })
  status!: PostingStatus;

  @Field(() => Int, { description: 'Number of postings.' })
  count!: number;
}

@ObjectType({ description: 'Number of finalized evaluations with one grade.' })
export class GradeCount {
  @Field(() => Grade, { description: 'Grade (考核等次).' })
  grade!: Grade;

  @Field(() => Int, { description: 'Number of finalized evaluations.' })
  count!: number;
}

@ObjectType({
  description: 'Share of EXCELLENT FINAL grades for one receiving-unit kind and year (优秀比例).',
})
export class ExcellentShare {
  @Field(() => UnitKind, { description: 'Kind of the receiving units.' })
  receivingUnitKind!: UnitKind;

  @Field(() => Int, { description: 'Year of the evaluations.' })
  year!: number;

  @Field(() => Int, {
    description: 'FINAL evaluations submitted or finalized (the quota’s denominator).',
  })
  finalEvaluations!: number;

  @Field(() => Int, { description: 'Finalized FINAL evaluations graded EXCELLENT.' })
  excellent!: number;

  @Field(() => Float, { description: 'excellent ÷ finalEvaluations, 0–1.' })
  share!: number;
}

@ObjectType({ description: 'Number of standing alerts of one kind.' })
export class AlertCount {
  @Field(() => AlertKind, { description: 'Alert kind.' })
  kind!: AlertKind;

  @Field(() => Int, { description: 'Number of alerts.' })
  count!: number;
}

@ObjectType({ description: 'Mean score on one dimension over finalized evaluations.' })
export class DimensionAverage {
  @Field(() => EvaluationDimension, { description: 'Dimension.' })
  dimension!: EvaluationDimension;

  @Field(() => Float, { nullable: true, description: 'Mean score 0–100; null without scores.' })
  average!: number | null;
}

@ObjectType({
  description:
    'Whether excellent returns are used (挂用结合): promotions after EXCELLENT postings.',
})
export class PromotionAfterReturn {
  @Field(() => Int, {
    description: 'COMPLETED postings with a finalized EXCELLENT FINAL evaluation.',
  })
  excellentReturns!: number;

  @Field(() => Int, {
    description: 'Of those, cadres promoted or appointed within the policy’s window.',
  })
  promotedWithinWindow!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'promotedWithinWindow ÷ excellentReturns; null if none.',
  })
  rate!: number | null;
}
