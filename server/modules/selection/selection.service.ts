import type { Context } from '../../context';
import { loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import { type Candidate, CandidateStatus } from './candidate.entity';
import {
  CandidateOrderField,
  SelectionRoundOrderField,
  type CandidateListArgs,
  type SelectionRoundListArgs,
} from './dto/selection-list.args';
import type { SelectionRound } from './selection-round.entity';

export class SelectionService {
  rounds(ctx: Context, args: SelectionRoundListArgs): Promise<Page<SelectionRound>> {
    const f = args.filter;
    return loadList<SelectionRound, SelectionRoundOrderField>(ctx, {
      type: 'SelectionRound',
      args,
      columns: { YEAR: 'year', CREATED_AT: 'created_at' },
      defaultOrder: { field: SelectionRoundOrderField.YEAR, direction: OrderDirection.ASC },
      where: f
        ? (qb, a) => {
            if (f.year) anyOf(qb, `${a}.year`, 'fYear', f.year);
            if (f.postingType) anyOf(qb, `${a}.posting_type`, 'fType', f.postingType);
            if (f.status) anyOf(qb, `${a}.status`, 'fStatus', f.status);
          }
        : undefined,
      filterKey: f,
    });
  }

  candidates(
    ctx: Context,
    args: CandidateListArgs,
    parent: { column: 'round_id' | 'cadre_id'; id: number },
  ): Promise<Page<Candidate>> {
    const status = args.filter?.status;
    return loadList<Candidate, CandidateOrderField>(ctx, {
      type: 'Candidate',
      args,
      columns: { CREATED_AT: 'created_at' },
      defaultOrder: { field: CandidateOrderField.CREATED_AT, direction: OrderDirection.ASC },
      where: status ? (qb, a) => anyOf(qb, `${a}.status`, 'fStatus', status) : undefined,
      filterKey: args.filter,
      parent,
    });
  }

  /** SELECTED candidates of a round the viewer may read; one batched count for all rounds. */
  selectedCount(ctx: Context, roundId: number): Promise<number> {
    return this.candidates(
      ctx,
      { first: 0, filter: { status: [CandidateStatus.SELECTED] } },
      { column: 'round_id', id: roundId },
    ).then((page) => page.totalCount());
  }
}

export const selectionService = new SelectionService();
