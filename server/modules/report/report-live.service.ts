import { notFound } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { requireViewer, type Context } from '../../context';
import { eventIdArg, liveStream, type Delivered } from '../live/live-stream';
import type { FeedbackReport } from './feedback-report.entity';
import { reportPolicy } from './report.policy';

/** Live events of feedback reports (topic `feedbackReport`, report/sql/report-events.sql). */
export class ReportLiveService {
  /**
   * Reports submitted on postings sent or received by one unit, those the viewer may read (a
   * mentor, their mentees'); a unit manager follows their own unit only (FORBIDDEN otherwise).
   */
  async submitted(
    ctx: Context,
    unitGlobalId: string,
    afterEventId: unknown,
  ): Promise<AsyncIterableIterator<Delivered<FeedbackReport>>> {
    const unitId = expectGlobalId(unitGlobalId, 'Unit', 'unitId');
    reportPolicy.may.watch(requireViewer(ctx), unitId);
    const after = eventIdArg(afterEventId);
    if (!(await ctx.loaders.Unit.load(unitId))) throw notFound('Unit');
    return liveStream(
      ctx,
      {
        topic: 'feedbackReport',
        matches: (payload) =>
          payload.receivingUnitId === unitId || payload.sendingUnitId === unitId,
        about: (payload) => ({ type: 'FeedbackReport', id: Number(payload.reportId) }),
        deliver: async (_ctx, report: FeedbackReport) => report,
      },
      after,
    );
  }
}

export const reportLiveService = new ReportLiveService();
