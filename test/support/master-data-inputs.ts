import type { CreateCadreInput, CreateUnitInput } from '../../sdk/src';
import { idNumberCheckDigit } from '../../server/modules/cadre/id-number';
import { gid, type World } from './world';

/**
 * Fresh, valid inputs for `createUnit` and `createCadre`, each with its own code, name or ID
 * number, so that tests of one database never collide. `prefix` keeps two files' codes apart.
 */
export function masterDataInputs(world: () => World, prefix: string) {
  let serial = 0;
  return {
    newUnit(overrides: Partial<CreateUnitInput> = {}): CreateUnitInput {
      serial++;
      return {
        code: `${prefix}-${serial}`,
        name: `主数据测试单位${prefix}${serial}`,
        kind: 'TOWNSHIP',
        adminLevel: 'TOWNSHIP',
        region: '示例市',
        parentId: gid('Unit', world().units.city.id),
        ...overrides,
      };
    },
    newCadre(homeUnitId: string, overrides: Partial<CreateCadreInput> = {}): CreateCadreInput {
      serial++;
      const day = String(10 + (serial % 18)).padStart(2, '0');
      const first17 = `360102198807${day}${String(serial).padStart(3, '0')}`;
      return {
        homeUnitId,
        name: '钟晓明',
        idNumber: first17 + idNumberCheckDigit(first17),
        education: 'BACHELOR',
        politicalStatus: 'CPC_MEMBER',
        positionTitle: '副镇长',
        rank: 'SECTION_DEPUTY',
        ...overrides,
      };
    },
  };
}
