import type { Context } from '../../context';
import { inDateRange, loadList } from '../../common/list';
import { OrderDirection, type Page } from '../../common/pagination';
import { POSTING_ORDER_COLUMNS, PostingOrderField } from '../posting/dto/posting-list.args';
import type { PostingListArgs } from '../posting/dto/posting-list.args';
import type { Posting } from '../posting/posting.entity';
import type { Debrief } from './debrief.entity';
import {
  DebriefOrderField,
  ExperienceArticleOrderField,
  type DebriefListArgs,
  type ExperienceArticleListArgs,
} from './dto/debrief-list.args';
import type { ExperienceArticle } from './experience-article.entity';

export class DebriefService {
  list(ctx: Context, args: DebriefListArgs): Promise<Page<Debrief>> {
    const date = args.filter?.date;
    return loadList<Debrief, DebriefOrderField>(ctx, {
      type: 'Debrief',
      args,
      columns: { DATE: 'date' },
      defaultOrder: { field: DebriefOrderField.DATE, direction: OrderDirection.ASC },
      where: date ? (qb, a) => inDateRange(qb, `${a}.date`, date, 'fDate') : undefined,
      filterKey: args.filter,
    });
  }

  /** Postings discussed at a debrief that the viewer may read. */
  postings(ctx: Context, args: PostingListArgs, debriefId: number): Promise<Page<Posting>> {
    return loadList<Posting, PostingOrderField>(ctx, {
      type: 'Posting',
      args,
      columns: POSTING_ORDER_COLUMNS,
      defaultOrder: { field: PostingOrderField.START_DATE, direction: OrderDirection.ASC },
      where: (qb, a) => qb.innerJoin('debrief_posting', 'dp', `dp.posting_id = ${a}.id`),
      parent: { column: 'dp.debrief_id', id: debriefId },
    });
  }

  articles(
    ctx: Context,
    args: ExperienceArticleListArgs,
    postingId: number,
  ): Promise<Page<ExperienceArticle>> {
    return loadList<ExperienceArticle, ExperienceArticleOrderField>(ctx, {
      type: 'ExperienceArticle',
      args,
      columns: { CREATED_AT: 'created_at' },
      defaultOrder: {
        field: ExperienceArticleOrderField.CREATED_AT,
        direction: OrderDirection.ASC,
      },
      parent: { column: 'posting_id', id: postingId },
    });
  }
}

export const debriefService = new DebriefService();
