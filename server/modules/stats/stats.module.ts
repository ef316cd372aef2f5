import { defineModule } from '../../common/module';
import { StatsResolver } from './stats.resolver';

/** Statistics (统计): scoped aggregates over postings, evaluations and alerts. */
export const statsModule = defineModule({
  name: 'stats',
  resolvers: [StatsResolver],
});
