import { actionsOn, defineModule } from '../../common/module';
import { FeedbackReport } from './feedback-report.entity';
import { ReportMutationResolver } from './report-mutation.resolver';
import { ReportErrorCode } from './report.errors';
import { ReportPeriodDays1765600000000 } from './migrations/1765600000000-report-period-days';
import { reportPolicy } from './report.policy';
import { ReportResolver } from './report.resolver';
import { ReportSubscriptionResolver } from './report-subscription.resolver';

/** What the audit trail records of feedback reports. */
const reportActions = actionsOn('FeedbackReport', ['feedbackReport.submit']);

declare module '../../common/module' {
  interface NodeTypes {
    FeedbackReport: FeedbackReport;
  }
  interface AuditActionSets {
    report: typeof reportActions;
  }
}

/** Feedback reports (情况反馈): periodic reports from the receiving unit. */
export const reportModule = defineModule({
  name: 'report',
  entities: [FeedbackReport],
  resolvers: [ReportResolver, ReportMutationResolver, ReportSubscriptionResolver],
  nodes: {
    FeedbackReport: {
      entity: FeedbackReport,
      alias: 'feedback_report',
      scope: reportPolicy.read,
      references: {
        posting: { type: 'Posting', column: 'postingId' },
        submittedBy: { type: 'User', column: 'submittedById' },
      },
    },
  },
  userErrorCodes: ReportErrorCode,
  constraintErrors: {
    feedback_report_posting_id_period_key: {
      code: ReportErrorCode.DUPLICATE_PERIOD,
      message: {
        en: 'A report for this posting and period exists already',
        zh: '该挂职此期间的情况反馈已报送',
      },
    },
  },
  migrations: [ReportPeriodDays1765600000000],
  sqlRules: ['sql/report-period.sql', 'sql/report-events.sql'],
  auditActions: reportActions,
});
