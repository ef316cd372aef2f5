import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { numeric } from '../../common/columns';
import { Node, Record } from '../../common/node';

/** The single row of programme thresholds (DESIGN §3), editable by ORG_ADMIN. */
@ObjectType({
  implements: Node,
  description: 'Programme thresholds and weights (政策参数), one record.',
})
@Entity()
export class Policy extends Record {
  @Field(() => Int, {
    description: 'Days after activation by which a posting needs a mentor (UNMANAGED_POSTING).',
  })
  @Column({ type: 'int', default: 30 })
  mentorDeadlineDays!: number;

  @Field(() => Int, { description: 'Days between feedback reports (情况反馈周期).' })
  @Column({ type: 'int', default: 90 })
  reportIntervalDays!: number;

  @Field(() => Float, {
    description: 'Share of working days on site below which PASSIVE_CADRE is raised (0–1).',
  })
  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.6, transformer: numeric })
  minOnSiteRatio!: number;

  @Field(() => Int, {
    description: 'INITIATIVE or DISCIPLINE score below which PASSIVE_CADRE is raised.',
  })
  @Column({ type: 'int', default: 60 })
  passiveScoreThreshold!: number;

  @Field(() => Int, {
    description:
      'Months after return within which an EXCELLENT cadre should be promoted (UNUSED_TALENT).',
  })
  @Column({ type: 'int', default: 12 })
  promotionWindowMonths!: number;

  @Field(() => Int, {
    description: 'Days after completion by which the FINAL evaluation must be finalized.',
  })
  @Column({ type: 'int', default: 30 })
  finalEvaluationDeadlineDays!: number;

  @Field(() => Float, {
    description:
      'Maximum share of EXCELLENT FINAL grades per receiving-unit kind and calendar year (优秀比例): finalizing one more is allowed while the finalized EXCELLENT ones stay within max(1, floor(quota × FINAL evaluations of that kind and year that are submitted or finalized)).',
  })
  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.2, transformer: numeric })
  excellentQuota!: number;

  @Field(() => Float, {
    description: 'Weight of the mean of finalized ROUTINE evaluations in the FINAL score.',
  })
  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.3, transformer: numeric })
  routineWeight!: number;

  @Field(() => Float, {
    description:
      'Weight of the mean of finalized TRACKING_INSPECTION evaluations in the FINAL score.',
  })
  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.2, transformer: numeric })
  trackingWeight!: number;

  @Field(() => Float, {
    description: "Weight of the FINAL evaluation's own scores in the FINAL score.",
  })
  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.5, transformer: numeric })
  finalWeight!: number;

  @Field(() => Int, {
    description:
      'Smallest number of distinct cadres a statistics cell may be computed from when shown to analysts (最小单元格): a cell of 1 to minCellSize − 1 cadres is suppressed (null, `suppressed: true`), with the cells that would reveal it. 1–100; 1 suppresses nothing.',
  })
  @Column({ type: 'int', default: 3 })
  minCellSize!: number;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
