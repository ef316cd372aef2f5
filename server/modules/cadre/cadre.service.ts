import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import type { Cadre } from './cadre.entity';
import {
  CADRE_ORDER_COLUMNS,
  CadreOrderField,
  type CadreFilter,
  type CadreListArgs,
} from './dto/cadre-list.args';

function applyFilter(filter: CadreFilter | undefined, leadershipOnly: boolean) {
  if (!filter && !leadershipOnly) return undefined;
  const f = filter ?? {};
  const units = idsOf(f.homeUnitIds, 'Unit', 'filter.homeUnitIds');
  const flags = {
    is_leadership: leadershipOnly ? true : f.isLeadership,
    is_reserve: f.isReserve,
    is_trainee: f.isTrainee,
    is_recruited_graduate: f.isRecruitedGraduate,
  };
  return (qb: SelectQueryBuilder<Cadre>, a: string) => {
    if (units) anyOf(qb, `${a}.home_unit_id`, 'fUnits', units);
    if (f.rank) anyOf(qb, `${a}.rank`, 'fRank', f.rank);
    if (f.education) anyOf(qb, `${a}.education`, 'fEducation', f.education);
    if (f.gender) qb.andWhere(`${a}.gender = :fGender`, { fGender: f.gender });
    if (f.status) anyOf(qb, `${a}.status`, 'fStatus', f.status);
    for (const [column, value] of Object.entries(flags)) {
      if (value != null) qb.andWhere(`${a}.${column} = :f_${column}`, { [`f_${column}`]: value });
    }
    if (f.nameContains) qb.andWhere(`strpos(${a}.name, :fName) > 0`, { fName: f.nameContains });
  };
}

export class CadreService {
  /** Cadres the viewer may read; under a unit, optionally its leadership team (班子) only. */
  list(
    ctx: Context,
    args: CadreListArgs,
    parent?: { column: 'home_unit_id'; id: number },
    leadershipOnly = false,
  ): Promise<Page<Cadre>> {
    return loadList<Cadre, CadreOrderField>(ctx, {
      type: 'Cadre',
      args,
      columns: CADRE_ORDER_COLUMNS,
      defaultOrder: { field: CadreOrderField.NAME, direction: OrderDirection.ASC },
      where: applyFilter(args.filter, leadershipOnly),
      filterKey: [args.filter, leadershipOnly],
      parent,
    });
  }
}

export const cadreService = new CadreService();
