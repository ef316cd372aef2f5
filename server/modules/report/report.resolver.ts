import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
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
  async feedbackReports(
    @Args() args: FeedbackReportListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new FeedbackReportConnection(
      await reportService.list(ctx, selecting(ctx, info, 'FeedbackReport', args)),
    );
  }

  @FieldResolver(() => Posting, { nullable: true, description: 'The posting reported on.' })
  posting(@Root() report: FeedbackReport, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Posting', report.postingId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who submitted the report (填报人).' })
  submittedBy(
    @Root() report: FeedbackReport,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return related(ctx, info, 'User', report.submittedById);
  }
}
