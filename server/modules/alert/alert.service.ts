import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, loadList } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import type { Alert } from './alert.entity';
import { AlertOrderField, type AlertFilter, type AlertListArgs } from './dto/alert-list.args';

function applyFilter(filter: AlertFilter | undefined) {
  if (!filter) return undefined;
  const receiving = idsOf(filter.receivingUnitIds, 'Unit', 'filter.receivingUnitIds');
  const sending = idsOf(filter.sendingUnitIds, 'Unit', 'filter.sendingUnitIds');
  return (qb: SelectQueryBuilder<Alert>, a: string) => {
    if (filter.kind) qb.andWhere(`${a}.kind = ANY(:fKind)`, { fKind: filter.kind });
    if (receiving || sending) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM posting fp WHERE fp.id = ${a}.posting_id
          ${receiving ? 'AND fp.receiving_unit_id = ANY(:fReceiving)' : ''}
          ${sending ? 'AND fp.sending_unit_id = ANY(:fSending)' : ''})`,
        { fReceiving: receiving, fSending: sending },
      );
    }
  };
}

export class AlertService {
  /** Alerts standing today that the viewer may read, optionally of one posting. */
  list(ctx: Context, args: AlertListArgs, postingId?: number): Promise<Page<Alert>> {
    return loadList<Alert, AlertOrderField>(ctx, {
      type: 'Alert',
      args,
      columns: { RAISED_ON: 'raised_on' },
      defaultOrder: { field: AlertOrderField.RAISED_ON, direction: OrderDirection.DESC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent: postingId === undefined ? undefined : { column: 'posting_id', id: postingId },
    });
  }
}

export const alertService = new AlertService();
