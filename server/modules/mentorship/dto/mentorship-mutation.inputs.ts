import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { NotBlank } from '../../../common/validation';
import { MentorSession } from '../mentor-session.entity';
import { Mentorship } from '../mentorship.entity';

@InputType({ description: 'Pairs an ACTIVE posting’s cadre with a mentor (一帮一).' })
export class AssignMentorInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;

  @Field(() => ID, {
    description: "The mentor: a cadre on the receiving unit's leadership team (班子成员).",
  })
  mentorId!: string;

  @Field(() => LocalDate, { nullable: true, description: 'First day of mentoring; default today.' })
  startDate?: string;

  @Field({
    defaultValue: false,
    description:
      'Replace the current mentor, whose mentoring then ends on the new start date (换人).',
  })
  replaceCurrent!: boolean;
}

@InputType({ description: 'A meeting between mentor and cadre (帮带谈话).' })
export class LogMentorSessionInput {
  @Field(() => ID, { description: 'The mentorship.' })
  mentorshipId!: string;

  @Field(() => LocalDate, {
    description: 'Date of the meeting; within the mentorship, not in the future.',
  })
  date!: string;

  @Field({ description: 'Topic: 思想交流, 肯定成绩, 指出不足, 明确方向 …' })
  @Length(1, 200)
  @NotBlank()
  topic!: string;

  @Field({ defaultValue: '', description: 'What was discussed (谈话记录).' })
  @IsOptional()
  @MaxLength(10000)
  notes!: string;
}

export const MentorshipPayload = payloadType(Mentorship, 'mentorship', 'Mentorship');
export const MentorSessionPayload = payloadType(MentorSession, 'mentorSession', 'MentorSession');
