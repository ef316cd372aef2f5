import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { statsPolicy } from './stats.policy';
import { FIRST_YEAR, LAST_YEAR, programmeOverviewService } from './programme-overview.service';
import {
  ExcellentQuotaUse,
  PostingYearCount,
  ProgrammeOverview,
  ReservePool,
} from './programme-overview.types';
import { AlertCount, DisclosureControl, PromotionAfterReturn } from './stats.types';

const service = programmeOverviewService;

@Resolver(() => ProgrammeOverview)
export class ProgrammeOverviewResolver {
  @Allow(statsPolicy.may.read)
  @Query(() => ProgrammeOverview, {
    description:
      'The programme at a glance for one year (年度挂职工作概览): postings by type, open alerts, the reserve pool, EXCELLENT quota use and promotion after return, over what the viewer may read; who may call it and the disclosure control are those of `statistics`.',
  })
  programmeOverview(
    @Arg('year', () => Int, {
      description: `The calendar year (年度), ${FIRST_YEAR}–${LAST_YEAR}.`,
    })
    year: number,
  ): ProgrammeOverview {
    return service.overview(year);
  }

  @FieldResolver(() => DisclosureControl, {
    description:
      'The disclosure control applied (统计披露控制), as in `statistics`: anySuppressed looks at every field.',
  })
  disclosureControl(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.disclosureControl(ctx, o);
  }

  @FieldResolver(() => [PostingYearCount], {
    description:
      'Postings started, on site and completed in the year, by type (分类型挂职人数); types with none left out.',
  })
  postingsByType(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.postingsByType(ctx, o);
  }

  @FieldResolver(() => [AlertCount], {
    description: 'Alerts open now (当前预警) by kind, whatever the year; kinds with none left out.',
  })
  openAlerts(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.openAlerts(ctx, o);
  }

  @FieldResolver(() => ReservePool, { description: 'The reserve cadre pool (后备干部) now.' })
  reservePool(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.reservePool(ctx, o);
  }

  @FieldResolver(() => [ExcellentQuotaUse], {
    description:
      'EXCELLENT quota use (优秀比例限额使用) per receiving-unit kind, evaluations dated in the year.',
  })
  excellentQuotaUse(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.excellentQuotaUse(ctx, o);
  }

  @FieldResolver(() => PromotionAfterReturn, {
    description:
      'Promotion after return (返回后提拔使用): postings COMPLETED in the year with a finalized EXCELLENT FINAL grade, and the cadres promoted or appointed within the Policy’s window.',
  })
  promotionAfterReturn(@Root() o: ProgrammeOverview, @Ctx() ctx: Context) {
    return service.promotionAfterReturn(ctx, o);
  }
}
