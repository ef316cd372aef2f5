import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { expectGlobalId } from '../../common/global-id';
import { loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import {
  UNIT_ORDER_COLUMNS,
  UnitOrderField,
  type UnitFilter,
  type UnitListArgs,
} from './dto/unit-list.args';
import type { Unit } from './unit.entity';

function applyFilter(filter: UnitFilter | undefined) {
  if (!filter) return undefined;
  const parentId = filter.parentId
    ? expectGlobalId(filter.parentId, 'Unit', 'filter.parentId')
    : undefined;
  return (qb: SelectQueryBuilder<Unit>, a: string) => {
    if (filter.kind) anyOf(qb, `${a}.kind`, 'fKind', filter.kind);
    if (filter.adminLevel) anyOf(qb, `${a}.admin_level`, 'fLevel', filter.adminLevel);
    if (filter.region) qb.andWhere(`${a}.region = :fRegion`, { fRegion: filter.region });
    if (filter.isDevelopedRegion != null) {
      qb.andWhere(`${a}.is_developed_region = :fDeveloped`, {
        fDeveloped: filter.isDevelopedRegion,
      });
    }
    if (parentId) qb.andWhere(`${a}.parent_id = :fParent`, { fParent: parentId });
    if (filter.code) {
      qb.andWhere(`${a}.code = :fCode`, { fCode: filter.code.trim().toUpperCase() });
    }
    if (filter.isArchived != null) {
      qb.andWhere(`${a}.archived_on IS ${filter.isArchived ? 'NOT ' : ''}NULL`);
    }
    if (filter.nameContains) {
      qb.andWhere(`strpos(${a}.name, :fName) > 0`, { fName: filter.nameContains });
    }
  };
}

export class UnitService {
  list(
    ctx: Context,
    args: UnitListArgs,
    parent?: { column: 'parent_id'; id: number },
  ): Promise<Page<Unit>> {
    return loadList<Unit, UnitOrderField>(ctx, {
      type: 'Unit',
      args,
      columns: UNIT_ORDER_COLUMNS,
      defaultOrder: { field: UnitOrderField.NAME, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent,
    });
  }
}

export const unitService = new UnitService();
