import { actionsOn, defineModule } from '../../common/module';
import { Cadre } from './cadre.entity';
import { CadreMutationResolver } from './cadre-mutation.resolver';
import { cadrePolicy } from './cadre.policy';
import { CadreResolver } from './cadre.resolver';

/** What the audit trail records of cadres themselves (career moves: the career module). */
const cadreActions = actionsOn('Cadre', ['cadre.updateContactDetails']);

declare module '../../common/module' {
  interface NodeTypes {
    Cadre: Cadre;
  }
  interface AuditActionSets {
    cadre: typeof cadreActions;
  }
}

/** Cadres (干部): profiles, personal data and contact details. */
export const cadreModule = defineModule({
  name: 'cadre',
  entities: [Cadre],
  resolvers: [CadreResolver, CadreMutationResolver],
  nodes: {
    Cadre: { entity: Cadre, alias: 'cadre', scope: cadrePolicy.read },
  },
  auditActions: cadreActions,
});
