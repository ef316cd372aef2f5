import { actionsOn, defineModule } from '../../common/module';
import { exportRoutes } from './export.routes';

/** What the audit trail records of exports: those carrying personal data (cadres' ID numbers …). */
const exportActions = actionsOn('Cadre', ['cadre.export']);

declare module '../../common/module' {
  interface AuditActionSets {
    export: typeof exportActions;
  }
}

/**
 * Exports (导出) of postings, cadres and evaluations as .xlsx and CSV over HTTP, under the
 * viewer's row scope and field rules. No entities or resolvers of its own: it reads each
 * concept's list through that concept's service and policies.
 */
export const exportModule = defineModule({
  name: 'export',
  auditActions: exportActions,
  routes: exportRoutes,
});
