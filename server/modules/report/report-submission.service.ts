import { requireViewer, type Context, type TxContext } from '../../context';
import { today } from '../../common/dates';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { expectGlobalId } from '../../common/global-id';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { PostingErrorCode } from '../posting/posting.errors';
import { ReportErrorCode } from './report.errors';
import { PostingStatus } from '../posting/posting-type';
import type { Posting } from '../posting/posting.entity';
import type { SubmitFeedbackReportInput } from './dto/submit-feedback-report.input';
import { FeedbackReport } from './feedback-report.entity';
import { reportPolicy } from './report.policy';
import { periodCoverage, periodsOverlap } from './report.rules';
import { labelOf } from '../../common/labels';
import { POSTING_STATUS_LABELS } from '../posting/posting.labels';

/** Submitting feedback reports (情况反馈): one per posting and period, by the receiving unit. */
export class ReportSubmissionService {
  submit(ctx: Context, input: SubmitFeedbackReportInput): Promise<MutationResult<FeedbackReport>> {
    return runMutation(ctx, async (ctx) => {
      const viewer = requireViewer(ctx);
      // FOR UPDATE: reports on one posting queue, so that overlapping periods cannot both pass
      // the check below (the unique constraint covers only identical periods).
      const postingId = expectGlobalId(input.postingId, 'Posting', 'postingId');
      const posting = await records.lock(ctx, 'Posting', postingId);
      reportPolicy.may.submit(viewer, posting);
      if (posting.status !== PostingStatus.ACTIVE) {
        refuse(
          PostingErrorCode.POSTING_NOT_ACTIVE,
          {
            en: `Reports are for ACTIVE postings (it is ${posting.status})`,
            zh: `只能为在岗的挂职报送情况反馈（当前状态：${labelOf(POSTING_STATUS_LABELS, posting.status)}）`,
          },
          'postingId',
        );
      }
      await checkPeriod(ctx, posting, input);
      await checkNotReported(ctx, posting.id, input.period);
      return records.create(
        ctx,
        'FeedbackReport',
        {
          postingId: posting.id,
          period: input.period,
          daysOnSite: input.daysOnSite,
          politicalConduct: input.politicalConduct.trim(),
          performance: input.performance.trim(),
          problems: input.problems.trim(),
          submittedById: viewer.userId,
        },
        { action: 'feedbackReport.submit' },
      );
    });
  }
}

/** The period must have begun, touch the posting, and hold the days on site claimed. */
async function checkPeriod(
  ctx: TxContext,
  posting: Posting,
  input: SubmitFeedbackReportInput,
): Promise<void> {
  const { period, covered } = await periodCoverage(ctx.tx, input.period, posting, today(ctx.now));
  const postingEnd = posting.actualEndDate ?? posting.plannedEndDate;
  if (period.end < posting.startDate || period.start > postingEnd) {
    refuse(
      PostingErrorCode.DATE_OUTSIDE_POSTING,
      {
        en: `${input.period} lies outside the posting (${posting.startDate} – ${postingEnd})`,
        zh: `${input.period} 不在挂职期间内（${posting.startDate} 至 ${postingEnd}）`,
      },
      'period',
    );
  }
  if (period.start > today(ctx.now)) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      { en: `${input.period} has not begun`, zh: `${input.period} 尚未开始` },
      'period',
    );
  }
  if (!covered) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      {
        en: `The posting has not begun yet (it starts on ${posting.startDate})`,
        zh: `该挂职尚未开始（${posting.startDate} 开始）`,
      },
      'period',
    );
  }
  if (input.daysOnSite > covered.days) {
    refuse(
      ReportErrorCode.DAYS_EXCEED_PERIOD,
      covered.days === period.days
        ? {
            en: `${input.period} has ${period.days} days; ${input.daysOnSite} on site is too many`,
            zh: `${input.period} 共 ${period.days} 天，在岗 ${input.daysOnSite} 天超出范围`,
          }
        : {
            en: `The posting covers ${covered.days} days of ${input.period} (${covered.start} – ${covered.end}); ${input.daysOnSite} on site is too many`,
            zh: `该挂职在 ${input.period} 内仅有 ${covered.days} 天（${covered.start} 至 ${covered.end}），在岗 ${input.daysOnSite} 天超出范围`,
          },
      'daysOnSite',
    );
  }
}

/** One report per posting and period: a month and its quarter are the same days twice. */
async function checkNotReported(ctx: TxContext, postingId: number, period: string) {
  const reported = await ctx.tx.find(FeedbackReport, {
    select: { period: true },
    where: { postingId },
    order: { period: 'ASC' },
  });
  const clash = reported.find((r) => periodsOverlap(r.period, period))?.period;
  if (clash === undefined) return;
  let message = { en: `A report for ${period} exists already`, zh: `${period} 的情况反馈已报送` };
  if (clash !== period) {
    message = clash.includes('Q')
      ? {
          en: `${period} lies within ${clash}, reported already`,
          zh: `${period} 在已报送的 ${clash} 之内`,
        }
      : {
          en: `${period} includes ${clash}, reported already`,
          zh: `${period} 包含已报送的 ${clash}`,
        };
  }
  refuse(ReportErrorCode.DUPLICATE_PERIOD, message, 'period');
}

export const reportSubmissionService = new ReportSubmissionService();
