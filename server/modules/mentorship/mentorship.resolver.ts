import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { mentorshipPolicy } from './mentorship.policy';
import { related } from '../../common/relations';
import { Cadre } from '../cadre/cadre.entity';
import { Posting } from '../posting/posting.entity';
import {
  MentorSessionConnection,
  MentorSessionListArgs,
  MentorshipConnection,
  MentorshipListArgs,
} from './dto/mentorship-list.args';
import { MentorSession } from './mentor-session.entity';
import { Mentorship } from './mentorship.entity';
import { mentorshipService } from './mentorship.service';

@Resolver(() => Mentorship)
export class MentorshipResolver {
  @Allow(mentorshipPolicy.may.list)
  @Query(() => MentorshipConnection, { description: 'Mentorships (帮带) the viewer may read.' })
  async mentorships(
    @Args() args: MentorshipListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new MentorshipConnection(
      await mentorshipService.list(ctx, selecting(ctx, info, 'Mentorship', args)),
    );
  }

  @FieldResolver(() => Posting, {
    nullable: true,
    description: 'The posting the mentoring belongs to.',
  })
  posting(@Root() mentorship: Mentorship, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Posting', mentorship.postingId);
  }

  @FieldResolver(() => Cadre, {
    nullable: true,
    description: "The mentor, from the receiving unit's leadership team.",
  })
  mentor(@Root() mentorship: Mentorship, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Cadre', mentorship.mentorId);
  }

  @FieldResolver(() => MentorSessionConnection, {
    description: 'Meetings held in this mentorship (帮带谈话).',
  })
  async sessions(
    @Root() mentorship: Mentorship,
    @Args() args: MentorSessionListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new MentorSessionConnection(
      await mentorshipService.sessions(
        ctx,
        selecting(ctx, info, 'MentorSession', args),
        mentorship.id,
      ),
    );
  }
}

@Resolver(() => MentorSession)
export class MentorSessionResolver {
  @FieldResolver(() => Mentorship, {
    nullable: true,
    description: 'The mentorship the meeting belongs to.',
  })
  mentorship(
    @Root() session: MentorSession,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return related(ctx, info, 'Mentorship', session.mentorshipId);
  }
}
