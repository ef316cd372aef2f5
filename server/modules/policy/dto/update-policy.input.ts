import { Field, Float, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { Policy } from '../policy.entity';

@InputType({
  description:
    'New programme thresholds (政策参数); omitted fields stay. Ratios and weights are 0–1 with at most three decimals; the three weights sum to 1.',
})
export class UpdatePolicyInput {
  @Field(() => Int, { description: 'The version read; a newer one means someone else changed it.' })
  version!: number;

  @Field(() => Int, { nullable: true, description: 'Days after activation to assign a mentor.' })
  mentorDeadlineDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Days between feedback reports.' })
  reportIntervalDays?: number | null;

  @Field(() => Float, { nullable: true, description: 'Minimum share of days on site (0–1).' })
  minOnSiteRatio?: number | null;

  @Field(() => Int, { nullable: true, description: 'INITIATIVE/DISCIPLINE alert score (0–100).' })
  passiveScoreThreshold?: number | null;

  @Field(() => Int, { nullable: true, description: 'Months to promote an EXCELLENT cadre.' })
  promotionWindowMonths?: number | null;

  @Field(() => Int, { nullable: true, description: 'Days to finalize the FINAL evaluation.' })
  finalEvaluationDeadlineDays?: number | null;

  @Field(() => Float, { nullable: true, description: 'Maximum share of EXCELLENT grades (0–1).' })
  excellentQuota?: number | null;

  @Field(() => Float, { nullable: true, description: 'Weight of ROUTINE evaluations (0–1).' })
  routineWeight?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Weight of TRACKING_INSPECTION evaluations (0–1).',
  })
  trackingWeight?: number | null;

  @Field(() => Float, { nullable: true, description: 'Weight of the FINAL evaluation (0–1).' })
  finalWeight?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Fewest cadres behind a statistic shown to analysts (1–100; 1 suppresses nothing).',
  })
  minCellSize?: number | null;
}

export const PolicyPayload = payloadType(Policy, 'policy', 'Policy');
