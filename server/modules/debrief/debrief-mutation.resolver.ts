import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { debriefPolicy } from './debrief.policy';
import { debriefMutationService as debriefs } from './debrief-mutation.service';
import {
  DebriefPayload,
  ExperienceArticlePayload,
  MarkArticlePublishedInput,
  RecordDebriefOutcomeInput,
  ScheduleDebriefInput,
  SubmitExperienceArticleInput,
} from './dto/debrief-mutation.inputs';

const input = { description: 'What to record.' };

@Resolver()
export class DebriefMutationResolver {
  @Allow(debriefPolicy.may.schedule)
  @Mutation(() => DebriefPayload, {
    description: 'Schedules a seminar for completed postings (研讨交流).',
  })
  async scheduleDebrief(@Arg('input', input) args: ScheduleDebriefInput, @Ctx() ctx: Context) {
    return DebriefPayload.from(await debriefs.schedule(ctx, args));
  }

  @Allow(debriefPolicy.may.recordOutcome)
  @Mutation(() => DebriefPayload, {
    description: 'Records a debrief’s summary, problems and suggestions.',
  })
  async recordDebriefOutcome(
    @Arg('input', input) args: RecordDebriefOutcomeInput,
    @Ctx() ctx: Context,
  ) {
    return DebriefPayload.from(await debriefs.recordOutcome(ctx, args));
  }

  @Allow(debriefPolicy.may.writeArticle)
  @Mutation(() => ExperienceArticlePayload, {
    description:
      'A cadre submits an article about their own posting (心得体会); the org department may record one on the cadre’s behalf.',
  })
  async submitExperienceArticle(
    @Arg('input', input) args: SubmitExperienceArticleInput,
    @Ctx() ctx: Context,
  ) {
    return ExperienceArticlePayload.from(await debriefs.submitArticle(ctx, args));
  }

  @Allow(debriefPolicy.may.markPublished)
  @Mutation(() => ExperienceArticlePayload, {
    description: 'Records where an article was published (简报, 刊物, 网站).',
  })
  async markArticlePublished(
    @Arg('input', input) args: MarkArticlePublishedInput,
    @Ctx() ctx: Context,
  ) {
    return ExperienceArticlePayload.from(await debriefs.markPublished(ctx, args));
  }
}
