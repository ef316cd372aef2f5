import { requireViewer, type Context } from '../../context';
import { today } from '../../common/dates';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { expectGlobalId } from '../../common/global-id';
import { lockForWrite } from '../../common/records';
import { UserErrorCode } from '../../common/user-error';
import { auditService } from '../audit/audit.service';
import { PostingStatus } from '../posting/posting-type';
import type { Posting } from '../posting/posting.entity';
import type { SubmitFeedbackReportInput } from './dto/submit-feedback-report.input';
import { FeedbackReport } from './feedback-report.entity';
import { reportPolicy } from './report.policy';
import { parsePeriod } from './report.rules';

/** Submitting feedback reports (情况反馈): one per posting and period, by the receiving unit. */
export class ReportSubmissionService {
  submit(ctx: Context, input: SubmitFeedbackReportInput): Promise<MutationResult<FeedbackReport>> {
    return runMutation(ctx, async (tx) => {
      const viewer = requireViewer(ctx);
      // FOR SHARE: the posting cannot end meanwhile, yet two reports on it do not queue.
      const postingId = expectGlobalId(input.postingId, 'Posting', 'postingId');
      const posting = await lockForWrite(tx, ctx, 'Posting', postingId, 'share');
      reportPolicy.assertMaySubmit(viewer, posting);
      if (posting.status !== PostingStatus.ACTIVE) {
        refuse(
          UserErrorCode.POSTING_NOT_ACTIVE,
          `Reports are for ACTIVE postings (it is ${posting.status})`,
          'postingId',
        );
      }
      checkPeriod(posting, input);
      const exists = await tx.existsBy(FeedbackReport, {
        postingId: posting.id,
        period: input.period,
      });
      if (exists) {
        refuse(
          UserErrorCode.DUPLICATE_PERIOD,
          `A report for ${input.period} exists already`,
          'period',
        );
      }
      // A racing twin passes the check above; the unique constraint then refuses it the same way.
      const report = await tx.save(
        tx.create(FeedbackReport, {
          postingId: posting.id,
          period: input.period,
          daysOnSite: input.daysOnSite,
          politicalConduct: input.politicalConduct.trim(),
          performance: input.performance.trim(),
          problems: input.problems.trim(),
          submittedById: viewer.userId,
        }),
      );
      await auditService.record(tx, ctx, {
        action: 'feedbackReport.submit',
        entity: 'FeedbackReport',
        entityId: report.id,
        after: report,
      });
      return report;
    });
  }
}

/** The period must have begun, touch the posting, and hold the days on site claimed. */
function checkPeriod(posting: Posting, input: SubmitFeedbackReportInput): void {
  const period = parsePeriod(input.period);
  const postingEnd = posting.actualEndDate ?? posting.plannedEndDate;
  if (period.end < posting.startDate || period.start > postingEnd) {
    refuse(
      UserErrorCode.DATE_OUTSIDE_POSTING,
      `${input.period} lies outside the posting (${posting.startDate} – ${postingEnd})`,
      'period',
    );
  }
  if (period.start > today()) {
    refuse(UserErrorCode.INVALID_DATES, `${input.period} has not begun`, 'period');
  }
  if (input.daysOnSite > period.days) {
    refuse(
      UserErrorCode.DAYS_EXCEED_PERIOD,
      `${input.period} has ${period.days} days; ${input.daysOnSite} on site is too many`,
      'daysOnSite',
    );
  }
}

export const reportSubmissionService = new ReportSubmissionService();
