import { actionsOn, defineModule } from '../../common/module';
import { UnitMasterData1765300000000 } from './migrations/1765300000000-unit-master-data';
import { UnitFrontlineArea1765700000000 } from './migrations/1765700000000-unit-frontline-area';
import { UnitMutationResolver } from './unit-mutation.resolver';
import { Unit } from './unit.entity';
import { UnitErrorCode } from './unit.errors';
import { unitLifecycle } from './unit.lifecycle';
import { unitPolicy } from './unit.policy';
import { UnitResolver } from './unit.resolver';
import { UnitListIndexes1765900000300 } from './migrations/1765900000300-unit-list-indexes';

/** What the audit trail records of units. */
const unitActions = actionsOn('Unit', ['unit.create', 'unit.update', 'unit.archive']);

declare module '../../common/module' {
  interface NodeTypes {
    Unit: Unit;
  }
  interface AuditActionSets {
    unit: typeof unitActions;
  }
}

/** Units (单位): the directory of sending and receiving organisations, kept by the org department. */
export const unitModule = defineModule({
  name: 'unit',
  entities: [Unit],
  resolvers: [UnitResolver, UnitMutationResolver],
  nodes: {
    Unit: {
      entity: Unit,
      alias: 'unit',
      scope: unitPolicy.read,
      references: { parent: { type: 'Unit', column: 'parentId' } },
    },
  },
  userErrorCodes: UnitErrorCode,
  auditActions: unitActions,
  lifecycles: [unitLifecycle],
  constraintErrors: {
    unit_code_key: {
      code: UnitErrorCode.DUPLICATE_UNIT_CODE,
      field: 'code',
      message: {
        en: 'Another unit already has this unit code (单位代码)',
        zh: '该单位代码已被其他单位使用',
      },
    },
    unit_sibling_name_key: {
      code: UnitErrorCode.DUPLICATE_UNIT_NAME,
      field: 'name',
      message: {
        en: 'An active unit of this name already exists under the same parent',
        zh: '同一上级单位下已有同名单位',
      },
    },
  },
  migrations: [
    UnitMasterData1765300000000,
    UnitFrontlineArea1765700000000,
    UnitListIndexes1765900000300,
  ],
});
