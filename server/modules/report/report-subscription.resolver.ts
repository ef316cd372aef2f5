import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { AFTER_EVENT_ID } from '../live/live-event.type';
import type { Delivered } from '../live/live-stream';
import { FeedbackReportSubmittedEvent } from './dto/feedback-report-submitted.event';
import type { FeedbackReport } from './feedback-report.entity';
import { reportLiveService } from './report-live.service';
import { reportPolicy } from './report.policy';

@Resolver()
export class ReportSubscriptionResolver {
  @Allow(reportPolicy.may.watch)
  @Subscription(() => FeedbackReportSubmittedEvent, {
    description:
      'Feedback reports (情况反馈推送) submitted on postings a unit sends or receives, over WebSocket (graphql-ws) only; each delivered only if you may read it. A unit manager may follow their own unit only.',
    subscribe: ({ args, context }) =>
      reportLiveService.submitted(context as Context, args.unitId as string, args.afterEventId),
  })
  feedbackReportSubmitted(
    @Root() event: Delivered<FeedbackReport>,
    @Arg('unitId', () => ID, { description: 'The sending or receiving unit (global ID).' })
    _unitId: string,
    @Arg('afterEventId', () => ID, AFTER_EVENT_ID) _afterEventId?: string,
  ): FeedbackReportSubmittedEvent {
    return { eventId: event.eventId, report: event.value };
  }
}
