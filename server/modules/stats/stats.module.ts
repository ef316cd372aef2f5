import { defineModule } from '../../common/module';
import { StatsTally1765800000400 } from './migrations/1765800000400-stats-tally';
import { StatsTallyTriggersInRules1766000000400 } from './migrations/1766000000400-stats-tally-triggers-in-rules';
import { ProgrammeOverviewResolver } from './programme-overview.resolver';
import { StatsResolver } from './stats.resolver';

/** Statistics (统计) and the year's programme overview: scoped aggregates for dashboards. */
export const statsModule = defineModule({
  name: 'stats',
  resolvers: [StatsResolver, ProgrammeOverviewResolver],
  migrations: [StatsTally1765800000400, StatsTallyTriggersInRules1766000000400],
  sqlRules: ['sql/tally.sql'],
});
