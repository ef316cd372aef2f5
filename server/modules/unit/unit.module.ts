import { defineModule } from '../../common/module';
import { Unit } from './unit.entity';
import { unitPolicy } from './unit.policy';
import { UnitResolver } from './unit.resolver';

declare module '../../common/module' {
  interface NodeTypes {
    Unit: Unit;
  }
}

/** Units (单位): the directory of sending and receiving organisations. */
export const unitModule = defineModule({
  name: 'unit',
  entities: [Unit],
  resolvers: [UnitResolver],
  nodes: {
    Unit: { entity: Unit, alias: 'unit', scope: unitPolicy.read },
  },
});
