import { MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { FeedbackReport } from '../feedback-report.entity';

@InputType({ description: 'A periodic report from the receiving unit (定期联系与情况反馈).' })
export class SubmitFeedbackReportInput {
  @Field(() => ID, { description: 'The ACTIVE posting reported on.' })
  postingId!: string;

  @Field({
    description:
      'Period covered: a quarter `2026-Q3` or a month `2026-09` (报告期); one report per period, and none for a month of a quarter reported or for the quarter of a month reported.',
  })
  @MaxLength(10)
  period!: string;

  @Field(() => Int, {
    description:
      'Days the cadre was on site (在岗天数); at most the days of the period the posting has covered up to today.',
  })
  @Min(0)
  daysOnSite!: number;

  @Field({ defaultValue: '', description: 'Political conduct (政治表现).' })
  @MaxLength(5000)
  politicalConduct!: string;

  @Field({ defaultValue: '', description: 'Work performance (工作表现).' })
  @MaxLength(5000)
  performance!: string;

  @Field({ defaultValue: '', description: 'Problems noted (存在问题).' })
  @MaxLength(5000)
  problems!: string;
}

export const FeedbackReportPayload = payloadType(
  FeedbackReport,
  'feedbackReport',
  'FeedbackReport',
);
