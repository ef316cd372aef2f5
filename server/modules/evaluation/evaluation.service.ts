import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, inDateRange, loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import {
  EVALUATION_ORDER_COLUMNS,
  EvaluationOrderField,
  type EvaluationFilter,
  type EvaluationListArgs,
} from './dto/evaluation-list.args';
import type { Evaluation } from './evaluation.entity';

function applyFilter(filter: EvaluationFilter | undefined) {
  if (!filter) return undefined;
  const postings = idsOf(filter.postingIds, 'Posting', 'filter.postingIds');
  return (qb: SelectQueryBuilder<Evaluation>, a: string) => {
    if (filter.kind) anyOf(qb, `${a}.kind`, 'fKind', filter.kind);
    if (filter.status) anyOf(qb, `${a}.status`, 'fStatus', filter.status);
    if (filter.grade) anyOf(qb, `${a}.grade`, 'fGrade', filter.grade);
    if (postings) anyOf(qb, `${a}.posting_id`, 'fPostings', postings);
    inDateRange(qb, `${a}.date`, filter.date, 'fDate');
  };
}

export class EvaluationService {
  list(ctx: Context, args: EvaluationListArgs, postingId?: number): Promise<Page<Evaluation>> {
    return loadList<Evaluation, EvaluationOrderField>(ctx, {
      type: 'Evaluation',
      args,
      columns: EVALUATION_ORDER_COLUMNS,
      defaultOrder: { field: EvaluationOrderField.DATE, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent: postingId === undefined ? undefined : { column: 'posting_id', id: postingId },
    });
  }
}

export const evaluationService = new EvaluationService();
