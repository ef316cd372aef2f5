import type { Context } from '../../context';
import { loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import type { CareerEvent } from './career-event.entity';
import { CareerEventOrderField, type CareerEventListArgs } from './dto/career-event-list.args';

export class CareerService {
  list(ctx: Context, args: CareerEventListArgs, cadreId: number): Promise<Page<CareerEvent>> {
    const kinds = args.filter?.kind;
    return loadList<CareerEvent, CareerEventOrderField>(ctx, {
      type: 'CareerEvent',
      args,
      columns: { DATE: 'date' },
      defaultOrder: { field: CareerEventOrderField.DATE, direction: OrderDirection.ASC },
      where: kinds ? (qb, a) => anyOf(qb, `${a}.kind`, 'fKind', kinds) : undefined,
      filterKey: args.filter,
      parent: { column: 'cadre_id', id: cadreId },
    });
  }
}

export const careerService = new CareerService();
