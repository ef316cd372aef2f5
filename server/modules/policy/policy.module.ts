import { actionsOn, defineModule } from '../../common/module';
import { MinCellSize1765620000800 } from './migrations/1765620000800-min-cell-size';
import { Policy } from './policy.entity';
import { thresholdPolicy } from './policy.policy';
import { PolicyResolver } from './policy.resolver';

/** What the audit trail records of the policy. */
const policyActions = actionsOn('Policy', ['policy.update']);

declare module '../../common/module' {
  interface NodeTypes {
    Policy: Policy;
  }
  interface AuditActionSets {
    policy: typeof policyActions;
  }
}

/** The programme policy (政策参数): thresholds and weights, edited by the organisation department. */
export const policyModule = defineModule({
  name: 'policy',
  entities: [Policy],
  resolvers: [PolicyResolver],
  nodes: {
    Policy: { entity: Policy, alias: 'policy', scope: thresholdPolicy.read },
  },
  auditActions: policyActions,
  migrations: [MinCellSize1765620000800],
});
