import { actionsOn, defineModule } from '../../common/module';
import { Alert } from './alert.entity';
import { AlertErrorCode } from './alert.errors';
import { alertPolicy } from './alert.policy';
import { AlertResolver, PostingAlertResolver } from './alert.resolver';
import { AlertSubscriptionResolver } from './alert-subscription.resolver';
import { Alerts1764600000000 } from './migrations/1764600000000-alerts';
import { AlertsV2_1764900000000 } from './migrations/1764900000000-alerts-v2';
import { MaintainedAlerts1765800000100 } from './migrations/1765800000100-maintained-alerts';

/** What the audit trail records of alerts: their follow-up (raising and clearing is the rules'). */
const alertActions = actionsOn('Alert', ['alert.acknowledge', 'alert.assign']);

declare module '../../common/module' {
  interface NodeTypes {
    Alert: Alert;
  }
  interface AuditActionSets {
    alert: typeof alertActions;
  }
}

/**
 * Alerts (预警): the six problems of DESIGN §3, maintained from the data by SQL rules (triggers
 * and the daily sweep), acknowledged and assigned by the people who act on them.
 */
export const alertModule = defineModule({
  name: 'alert',
  entities: [Alert],
  resolvers: [AlertResolver, PostingAlertResolver, AlertSubscriptionResolver],
  nodes: {
    Alert: {
      entity: Alert,
      alias: 'alert',
      scope: alertPolicy.read,
      reads: { detail: ['kind', 'facts', 'clearedOn'], open: ['clearedOn'] },
      references: {
        posting: { type: 'Posting', column: 'postingId' },
        acknowledgedBy: { type: 'User', column: 'acknowledgedById' },
        assignee: { type: 'User', column: 'assigneeId' },
        assignedBy: { type: 'User', column: 'assignedById' },
      },
    },
  },
  userErrorCodes: AlertErrorCode,
  auditActions: alertActions,
  migrations: [Alerts1764600000000, AlertsV2_1764900000000, MaintainedAlerts1765800000100],
  sqlRules: [
    'sql/today.sql',
    'sql/id-bounds.sql',
    'sql/unmanaged-posting.sql',
    'sql/passive-cadre.sql',
    'sql/nominal-role.sql',
    'sql/unused-talent.sql',
    'sql/overdue-return.sql',
    'sql/missing-final-evaluation.sql',
    'sql/alerts-on.sql',
    'sql/refresh-alerts.sql',
    'sql/alert-triggers.sql',
  ],
});
