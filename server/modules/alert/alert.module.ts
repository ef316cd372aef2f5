import { defineModule } from '../../common/module';
import { Alert } from './alert.entity';
import { alertPolicy } from './alert.policy';
import { AlertResolver, PostingAlertResolver } from './alert.resolver';
import { Alerts1764600000000 } from './migrations/1764600000000-alerts';
import { AlertsV2_1764900000000 } from './migrations/1764900000000-alerts-v2';

declare module '../../common/module' {
  interface NodeTypes {
    Alert: Alert;
  }
}

/** Alerts (预警): the six problems of DESIGN §3, computed from the data. */
export const alertModule = defineModule({
  name: 'alert',
  entities: [Alert],
  resolvers: [AlertResolver, PostingAlertResolver],
  nodes: {
    Alert: { entity: Alert, alias: 'posting_alert', scope: alertPolicy.read },
  },
  migrations: [Alerts1764600000000, AlertsV2_1764900000000],
  sqlRules: [
    'sql/today.sql',
    'sql/unmanaged-posting.sql',
    'sql/passive-cadre.sql',
    'sql/nominal-role.sql',
    'sql/unused-talent.sql',
    'sql/overdue-return.sql',
    'sql/missing-final-evaluation.sql',
    'sql/posting-alert.sql',
  ],
});
