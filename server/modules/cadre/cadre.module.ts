import { actionsOn, defineModule } from '../../common/module';
import { Cadre } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import { cadreLifecycle } from './cadre.lifecycle';
import { CadreMutationResolver } from './cadre-mutation.resolver';
import { cadrePolicy } from './cadre.policy';
import { CadreResolver } from './cadre.resolver';
import { CadreMasterData1765310000000 } from './migrations/1765310000000-cadre-master-data';
import { CadreReservePoolIndex1765800000200 } from './migrations/1765800000200-cadre-reserve-pool-index';
import { CadreListIndexes1765900000200 } from './migrations/1765900000200-cadre-list-indexes';

/** What the audit trail records of cadres themselves (career moves: the career module). */
const cadreActions = actionsOn('Cadre', [
  'cadre.create',
  'cadre.update',
  'cadre.updateContactDetails',
  'cadre.setLeadership',
  'cadre.retire',
  'cadre.transferOut',
]);

declare module '../../common/module' {
  interface NodeTypes {
    Cadre: Cadre;
  }
  interface AuditActionSets {
    cadre: typeof cadreActions;
  }
}

/** Cadres (干部): profiles, personal data, leadership teams, departures and contact details. */
export const cadreModule = defineModule({
  name: 'cadre',
  entities: [Cadre],
  resolvers: [CadreResolver, CadreMutationResolver],
  nodes: {
    Cadre: {
      entity: Cadre,
      alias: 'cadre',
      scope: cadrePolicy.read,
      reads: { birthYear: ['birthDate'] },
      references: { homeUnit: { type: 'Unit', column: 'homeUnitId' } },
    },
  },
  userErrorCodes: CadreErrorCode,
  auditActions: cadreActions,
  lifecycles: [cadreLifecycle],
  constraintErrors: {
    cadre_id_number_key: {
      code: CadreErrorCode.DUPLICATE_ID_NUMBER,
      field: 'idNumber',
      message: {
        en: 'Another cadre already has this ID number (身份证号)',
        zh: '该身份证号已被其他干部使用',
      },
    },
  },
  migrations: [
    CadreMasterData1765310000000,
    CadreReservePoolIndex1765800000200,
    CadreListIndexes1765900000200,
  ],
});
