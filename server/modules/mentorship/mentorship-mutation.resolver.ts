import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { mentorshipPolicy } from './mentorship.policy';
import {
  AssignMentorInput,
  LogMentorSessionInput,
  MentorSessionPayload,
  MentorshipPayload,
} from './dto/mentorship-mutation.inputs';
import { mentoringService } from './mentoring.service';

@Resolver()
export class MentorshipMutationResolver {
  @Allow(mentorshipPolicy.may.assignMentor)
  @Mutation(() => MentorshipPayload, {
    description:
      'Assigns a mentor from the receiving unit’s leadership team to an ACTIVE posting (一帮一).',
  })
  async assignMentor(
    @Arg('input', { description: 'Posting and mentor.' }) input: AssignMentorInput,
    @Ctx() ctx: Context,
  ) {
    return MentorshipPayload.from(await mentoringService.assignMentor(ctx, input));
  }

  @Allow(mentorshipPolicy.may.logSession)
  @Mutation(() => MentorSessionPayload, {
    description: 'Records a meeting between mentor and cadre (帮带谈话).',
  })
  async logMentorSession(
    @Arg('input', { description: 'The meeting.' }) input: LogMentorSessionInput,
    @Ctx() ctx: Context,
  ) {
    return MentorSessionPayload.from(await mentoringService.logSession(ctx, input));
  }
}
