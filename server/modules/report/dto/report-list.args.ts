import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { FeedbackReport } from '../feedback-report.entity';

export enum FeedbackReportOrderField {
  PERIOD = 'PERIOD',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(FeedbackReportOrderField, {
  name: 'FeedbackReportOrderField',
  description: 'Fields feedback reports can be sorted by.',
  valuesConfig: {
    PERIOD: {
      description:
        'By the first day the period covers (2026-Q2 before 2026-Q3 before 2026-10), then by ID.',
    },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const REPORT_ORDER_COLUMNS: Record<FeedbackReportOrderField, string> = {
  PERIOD: 'period_start',
  CREATED_AT: 'created_at',
};
export const FeedbackReportOrder = orderInputType<FeedbackReportOrderField>(
  'FeedbackReport',
  FeedbackReportOrderField,
);

@InputType({ description: 'Conditions feedback reports must all meet.' })
export class FeedbackReportFilter {
  @Field(() => [ID], { nullable: true, description: 'About any of these postings.' })
  postingIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'For any of these periods (`2026-Q3`, `2026-09`).',
  })
  period?: string[];
}

@ArgsType()
export class FeedbackReportListArgs extends PageArgs {
  @Field(() => FeedbackReportFilter, {
    nullable: true,
    description: 'Only reports meeting these conditions.',
  })
  filter?: FeedbackReportFilter;

  @Field(() => FeedbackReportOrder, {
    nullable: true,
    description: 'Sort order; default creation time ascending.',
  })
  orderBy?: OrderInput<FeedbackReportOrderField>;
}

export const FeedbackReportConnection = connectionType(
  FeedbackReport,
  'FeedbackReport',
  'A page of feedback reports (情况反馈).',
);
