import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, inDateRange, loadList } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import {
  POSTING_ORDER_COLUMNS,
  PostingOrderField,
  type PostingFilter,
  type PostingListArgs,
} from './dto/posting-list.args';
import type { Posting } from './posting.entity';

export type PostingParent = 'cadre_id' | 'sending_unit_id' | 'receiving_unit_id';

function applyFilter(filter: PostingFilter | undefined) {
  if (!filter) return undefined;
  const sending = idsOf(filter.sendingUnitIds, 'Unit', 'filter.sendingUnitIds');
  const receiving = idsOf(filter.receivingUnitIds, 'Unit', 'filter.receivingUnitIds');
  const cadres = idsOf(filter.cadreIds, 'Cadre', 'filter.cadreIds');
  return (qb: SelectQueryBuilder<Posting>, a: string) => {
    if (filter.status) qb.andWhere(`${a}.status = ANY(:fStatus)`, { fStatus: filter.status });
    if (filter.type) qb.andWhere(`${a}.type = ANY(:fType)`, { fType: filter.type });
    if (sending) qb.andWhere(`${a}.sending_unit_id = ANY(:fSending)`, { fSending: sending });
    if (receiving)
      qb.andWhere(`${a}.receiving_unit_id = ANY(:fReceiving)`, { fReceiving: receiving });
    if (cadres) qb.andWhere(`${a}.cadre_id = ANY(:fCadres)`, { fCadres: cadres });
    if (filter.isSubstantive != null)
      qb.andWhere(`${a}.is_substantive = :fSubst`, { fSubst: filter.isSubstantive });
    inDateRange(qb, `${a}.start_date`, filter.startDate, 'fStart');
  };
}

export class PostingService {
  /** Postings the viewer may read, optionally under one cadre or unit. */
  list(
    ctx: Context,
    args: PostingListArgs,
    parent?: { column: PostingParent; id: number },
  ): Promise<Page<Posting>> {
    return loadList<Posting, PostingOrderField>(ctx, {
      type: 'Posting',
      args,
      columns: POSTING_ORDER_COLUMNS,
      defaultOrder: { field: PostingOrderField.START_DATE, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent,
    });
  }
}

export const postingService = new PostingService();
