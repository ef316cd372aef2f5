import { notFound } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { eventIdArg, liveStream, type Delivered } from '../live/live-stream';
import type { Posting } from './posting.entity';

/** Live events of postings (topic `posting`, published by posting/sql/posting-events.sql). */
export class PostingLiveService {
  /**
   * The changes of one posting the viewer may read (NOT_FOUND otherwise, as `node` answers),
   * each read again as the viewer reads it then; a change after which the viewer may no longer
   * read the posting is not delivered.
   */
  async changed(
    ctx: Context,
    postingGlobalId: string,
    afterEventId: unknown,
  ): Promise<AsyncIterableIterator<Delivered<Posting>>> {
    const postingId = expectGlobalId(postingGlobalId, 'Posting');
    const after = eventIdArg(afterEventId);
    if (!(await ctx.loaders.Posting.load(postingId))) throw notFound('Posting');
    return liveStream(
      ctx,
      {
        topic: 'posting',
        matches: (payload) => payload.postingId === postingId,
        about: () => ({ type: 'Posting', id: postingId }),
        deliver: async (_ctx, posting: Posting) => posting,
      },
      after,
    );
  }
}

export const postingLiveService = new PostingLiveService();
