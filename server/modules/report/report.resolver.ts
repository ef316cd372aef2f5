import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { reportPolicy } from './report.policy';
import { related } from '../../common/relations';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { FeedbackReportConnection, FeedbackReportListArgs } from './dto/report-list.args';
import { FeedbackReport } from './feedback-report.entity';
import { reportService } from './report.service';

@Resolver(() => FeedbackReport)
export class ReportResolver {
  @Allow(reportPolicy.may.list)
  @Query(() => FeedbackReportConnection, {
    description: 'Feedback reports (情况反馈) the viewer may read.',
  })
  async feedbackReports(@Args() args: FeedbackReportListArgs, @Ctx() ctx: Context) {
    return new FeedbackReportConnection(await reportService.list(ctx, args));
  }

  @FieldResolver(() => Posting, { nullable: true, description: 'The posting reported on.' })
  posting(@Root() report: FeedbackReport, @Ctx() ctx: Context) {
    return related(ctx.loaders.Posting, report.postingId, 'Posting');
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who submitted the report (填报人).' })
  submittedBy(@Root() report: FeedbackReport, @Ctx() ctx: Context) {
    return related(ctx.loaders.User, report.submittedById, 'User');
  }
}
