import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { debriefPolicy } from './debrief.policy';
import { related } from '../../common/relations';
import { PostingConnection, PostingListArgs } from '../posting/dto/posting-list.args';
import { Posting } from '../posting/posting.entity';
import { Debrief } from './debrief.entity';
import { debriefService } from './debrief.service';
import { DebriefConnection, DebriefListArgs } from './dto/debrief-list.args';
import { ExperienceArticle } from './experience-article.entity';

@Resolver(() => Debrief)
export class DebriefResolver {
  @Allow(debriefPolicy.may.list)
  @Query(() => DebriefConnection, {
    description: 'Post-posting seminars (研讨交流) the viewer may read.',
  })
  async debriefs(
    @Args() args: DebriefListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new DebriefConnection(
      await debriefService.list(ctx, selecting(ctx, info, 'Debrief', args)),
    );
  }

  @FieldResolver(() => PostingConnection, { description: 'Postings discussed (参加交流的挂职).' })
  async postings(
    @Root() debrief: Debrief,
    @Args() args: PostingListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new PostingConnection(
      await debriefService.postings(ctx, selecting(ctx, info, 'Posting', args), debrief.id),
    );
  }
}

@Resolver(() => ExperienceArticle)
export class ExperienceArticleResolver {
  @FieldResolver(() => Posting, { nullable: true, description: 'The posting written about.' })
  posting(
    @Root() article: ExperienceArticle,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return related(ctx, info, 'Posting', article.postingId);
  }
}
