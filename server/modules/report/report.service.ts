import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import {
  FeedbackReportOrderField,
  REPORT_ORDER_COLUMNS,
  type FeedbackReportFilter,
  type FeedbackReportListArgs,
} from './dto/report-list.args';
import type { FeedbackReport } from './feedback-report.entity';

function applyFilter(filter: FeedbackReportFilter | undefined) {
  if (!filter) return undefined;
  const postings = idsOf(filter.postingIds, 'Posting', 'filter.postingIds');
  return (qb: SelectQueryBuilder<FeedbackReport>, a: string) => {
    if (postings) anyOf(qb, `${a}.posting_id`, 'fPostings', postings);
    if (filter.period) anyOf(qb, `${a}.period`, 'fPeriods', filter.period);
  };
}

export class ReportService {
  list(
    ctx: Context,
    args: FeedbackReportListArgs,
    postingId?: number,
  ): Promise<Page<FeedbackReport>> {
    return loadList<FeedbackReport, FeedbackReportOrderField>(ctx, {
      type: 'FeedbackReport',
      args,
      columns: REPORT_ORDER_COLUMNS,
      defaultOrder: { field: FeedbackReportOrderField.CREATED_AT, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent: postingId === undefined ? undefined : { column: 'posting_id', id: postingId },
    });
  }
}

export const reportService = new ReportService();
