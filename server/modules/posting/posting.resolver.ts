import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { postingPolicy } from './posting.policy';
import { related, required } from '../../common/relations';
import { selectedColumns, selectedJoins } from '../../common/selection';
import { Cadre } from '../cadre/cadre.entity';
import {
  ExperienceArticleConnection,
  ExperienceArticleListArgs,
} from '../debrief/dto/debrief-list.args';
import { debriefService } from '../debrief/debrief.service';
import { EvaluationConnection, EvaluationListArgs } from '../evaluation/dto/evaluation-list.args';
import { evaluationService } from '../evaluation/evaluation.service';
import { MentorshipConnection, MentorshipListArgs } from '../mentorship/dto/mentorship-list.args';
import { Mentorship } from '../mentorship/mentorship.entity';
import { mentorshipService } from '../mentorship/mentorship.service';
import { FeedbackReportConnection, FeedbackReportListArgs } from '../report/dto/report-list.args';
import { reportService } from '../report/report.service';
import { Candidate } from '../selection/candidate.entity';
import { Unit } from '../unit/unit.entity';
import { PostingConnection, PostingListArgs } from './dto/posting-list.args';
import { Posting } from './posting.entity';
import { postingService } from './posting.service';

@Resolver(() => Posting)
export class PostingResolver {
  @Allow(postingPolicy.may.list)
  @Query(() => PostingConnection, { description: 'Postings (挂职) the viewer may read.' })
  async postings(
    @Args() args: PostingListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new PostingConnection(
      await postingService.list(ctx, selecting(ctx, info, 'Posting', args)),
    );
  }

  @FieldResolver(() => Cadre, { nullable: true, description: 'The posted cadre (挂职干部).' })
  cadre(@Root() posting: Posting, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Cadre', posting.cadreId);
  }

  @FieldResolver(() => Unit, { description: "The cadre's home unit, which sends them (派出单位)." })
  sendingUnit(@Root() posting: Posting, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return required(ctx, info, 'Unit', posting.sendingUnitId);
  }

  @FieldResolver(() => Unit, { description: 'The host unit (接收单位).' })
  receivingUnit(@Root() posting: Posting, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return required(ctx, info, 'Unit', posting.receivingUnitId);
  }

  @FieldResolver(() => Mentorship, {
    nullable: true,
    description: 'The current mentorship (帮带), if any.',
  })
  mentorship(@Root() posting: Posting, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return mentorshipService.current(
      ctx,
      posting.id,
      selectedColumns(ctx, info, 'Mentorship', 'node'),
      selectedJoins(ctx, info, 'Mentorship', 'node'),
    );
  }

  @FieldResolver(() => MentorshipConnection, {
    description: 'All mentorships of this posting, past and current.',
  })
  async mentorships(
    @Root() posting: Posting,
    @Args() args: MentorshipListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new MentorshipConnection(
      await mentorshipService.list(ctx, selecting(ctx, info, 'Mentorship', args), {
        column: 'posting_id',
        id: posting.id,
      }),
    );
  }

  @FieldResolver(() => EvaluationConnection, {
    description: 'Assessments of the cadre in this posting (考核).',
  })
  async evaluations(
    @Root() posting: Posting,
    @Args() args: EvaluationListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new EvaluationConnection(
      await evaluationService.list(ctx, selecting(ctx, info, 'Evaluation', args), posting.id),
    );
  }

  @FieldResolver(() => FeedbackReportConnection, {
    description: 'Periodic reports from the receiving unit (情况反馈).',
  })
  async feedbackReports(
    @Root() posting: Posting,
    @Args() args: FeedbackReportListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new FeedbackReportConnection(
      await reportService.list(ctx, selecting(ctx, info, 'FeedbackReport', args), posting.id),
    );
  }

  @FieldResolver(() => ExperienceArticleConnection, {
    description: 'Experience articles about this posting (心得体会).',
  })
  async experienceArticles(
    @Root() posting: Posting,
    @Args() args: ExperienceArticleListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ExperienceArticleConnection(
      await debriefService.articles(
        ctx,
        selecting(ctx, info, 'ExperienceArticle', args),
        posting.id,
      ),
    );
  }

  @FieldResolver(() => Candidate, {
    nullable: true,
    description: 'The selection candidacy this posting came from.',
  })
  candidate(@Root() posting: Posting, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Candidate', posting.candidateId);
  }
}
