import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { reportPolicy } from './report.policy';
import {
  FeedbackReportPayload,
  SubmitFeedbackReportInput,
} from './dto/submit-feedback-report.input';
import { reportSubmissionService } from './report-submission.service';

/** Report mutations: thin, each hands its input to the service. */
@Resolver()
export class ReportMutationResolver {
  @Allow(reportPolicy.may.submit)
  @Mutation(() => FeedbackReportPayload, {
    description:
      'Files the receiving unit’s report on an ACTIVE posting for one period (情况反馈); one per period.',
  })
  async submitFeedbackReport(
    @Arg('input', { description: 'The report.' }) args: SubmitFeedbackReportInput,
    @Ctx() ctx: Context,
  ) {
    return FeedbackReportPayload.from(await reportSubmissionService.submit(ctx, args));
  }
}
