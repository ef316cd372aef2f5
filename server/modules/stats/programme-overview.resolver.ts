import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { statsPolicy } from './stats.policy';
import { FIRST_YEAR, LAST_YEAR, programmeOverviewService } from './programme-overview.service';
import { ProgrammeOverview } from './programme-overview.types';

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
    @Ctx() ctx: Context,
  ): Promise<ProgrammeOverview> {
    return programmeOverviewService.overview(ctx, year);
  }
}
