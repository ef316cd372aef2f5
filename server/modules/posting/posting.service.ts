import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, inDateRange, loadList, anyOf } from '../../common/list';
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
    if (filter.status) anyOf(qb, `${a}.status`, 'fStatus', filter.status);
    if (filter.type) anyOf(qb, `${a}.type`, 'fType', filter.type);
    if (sending) anyOf(qb, `${a}.sending_unit_id`, 'fSending', sending);
    if (receiving) anyOf(qb, `${a}.receiving_unit_id`, 'fReceiving', receiving);
    if (cadres) anyOf(qb, `${a}.cadre_id`, 'fCadres', cadres);
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
