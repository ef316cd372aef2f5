import { Field, ObjectType } from 'type-graphql';
import { LiveEventType } from '../../live/live-event.type';
import { FeedbackReport } from '../feedback-report.entity';

@ObjectType({
  implements: LiveEventType,
  description: 'A feedback report (情况反馈) was submitted.',
})
export class FeedbackReportSubmittedEvent extends LiveEventType {
  @Field(() => FeedbackReport, {
    description: 'The report, read as the subscriber may read it.',
  })
  report!: FeedbackReport;
}
