import type { SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { idsOf, loadList, anyOf } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import type { Columns, Join } from '../../common/selection';
import {
  MENTORSHIP_ORDER_COLUMNS,
  MentorSessionOrderField,
  MentorshipOrderField,
  type MentorSessionListArgs,
  type MentorshipFilter,
  type MentorshipListArgs,
} from './dto/mentorship-list.args';
import type { MentorSession } from './mentor-session.entity';
import type { Mentorship } from './mentorship.entity';

function applyFilter(filter: MentorshipFilter | undefined) {
  if (!filter) return undefined;
  const mentors = idsOf(filter.mentorIds, 'Cadre', 'filter.mentorIds');
  return (qb: SelectQueryBuilder<Mentorship>, a: string) => {
    if (filter.isActive != null)
      qb.andWhere(`${a}.end_date IS ${filter.isActive ? '' : 'NOT '}NULL`);
    if (mentors) anyOf(qb, `${a}.mentor_id`, 'fMentors', mentors);
  };
}

export class MentorshipService {
  list(
    ctx: Context,
    args: MentorshipListArgs,
    parent?: { column: 'posting_id' | 'mentor_id'; id: number },
  ): Promise<Page<Mentorship>> {
    return loadList<Mentorship, MentorshipOrderField>(ctx, {
      type: 'Mentorship',
      args,
      columns: MENTORSHIP_ORDER_COLUMNS,
      defaultOrder: { field: MentorshipOrderField.START_DATE, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
      parent,
    });
  }

  /**
   * The posting's current mentorship (at most one, guaranteed by a partial unique index), read
   * with `select` (every column when absent) and the references `joins` (common/joins.ts).
   */
  async current(
    ctx: Context,
    postingId: number,
    select?: Columns,
    joins?: readonly Join[],
  ): Promise<Mentorship | null> {
    const page = await this.list(
      ctx,
      { first: 1, filter: { isActive: true }, select, joins },
      { column: 'posting_id', id: postingId },
    );
    return page.edges[0]?.node ?? null;
  }

  sessions(
    ctx: Context,
    args: MentorSessionListArgs,
    mentorshipId: number,
  ): Promise<Page<MentorSession>> {
    return loadList<MentorSession, MentorSessionOrderField>(ctx, {
      type: 'MentorSession',
      args,
      columns: { DATE: 'date' },
      defaultOrder: { field: MentorSessionOrderField.DATE, direction: OrderDirection.ASC },
      parent: { column: 'mentorship_id', id: mentorshipId },
    });
  }
}

export const mentorshipService = new MentorshipService();
