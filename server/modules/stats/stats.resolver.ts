import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { statsPolicy } from './stats.policy';
import { EvaluationKind } from '../evaluation/evaluation-enums';
import { statsService } from './stats.service';
import {
  AlertCount,
  DimensionAverage,
  DisclosureControl,
  ExcellentShare,
  GradeCount,
  PostingCount,
  PromotionAfterReturn,
  Statistics,
  StatisticsFilter,
} from './stats.types';

@Resolver(() => Statistics)
export class StatsResolver {
  @Allow(statsPolicy.may.read)
  @Query(() => Statistics, {
    description: 'Programme statistics (统计) over the postings the viewer may read.',
  })
  statistics(
    @Arg('filter', () => StatisticsFilter, {
      nullable: true,
      description: 'Which postings to count.',
    })
    filter: StatisticsFilter | null,
  ): Statistics {
    return Object.assign(new Statistics(), { filter: filter ?? {} });
  }

  @FieldResolver(() => DisclosureControl, {
    description:
      'The disclosure control applied (统计披露控制): the threshold, and whether any figure was withheld.',
  })
  disclosureControl(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.disclosureControl(ctx, stats);
  }

  @FieldResolver(() => [PostingCount], { description: 'Postings by type and status.' })
  postingCounts(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.postingCounts(ctx, stats);
  }

  @FieldResolver(() => [GradeCount], { description: 'Finalized evaluations of one kind by grade.' })
  gradeDistribution(
    @Root() stats: Statistics,
    @Ctx() ctx: Context,
    @Arg('kind', () => EvaluationKind, {
      defaultValue: EvaluationKind.FINAL,
      description: 'Evaluation kind.',
    })
    kind: EvaluationKind,
  ) {
    return statsService.gradeDistribution(ctx, stats, kind);
  }

  @FieldResolver(() => [ExcellentShare], {
    description: 'EXCELLENT share per receiving-unit kind and year.',
  })
  excellentShares(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.excellentShares(ctx, stats);
  }

  @FieldResolver(() => [DimensionAverage], {
    description: 'Mean scores per dimension, finalized evaluations.',
  })
  dimensionAverages(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.dimensionAverages(ctx, stats);
  }

  @FieldResolver(() => [AlertCount], { description: 'Standing alerts by kind (预警).' })
  alertCounts(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.alertCounts(ctx, stats);
  }

  @FieldResolver(() => PromotionAfterReturn, {
    description: 'Promotions after EXCELLENT returns (挂用结合).',
  })
  promotionAfterReturn(@Root() stats: Statistics, @Ctx() ctx: Context) {
    return statsService.promotionAfterReturn(ctx, stats);
  }
}
