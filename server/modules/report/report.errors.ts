import { defineUserErrorCodes } from '../../common/user-error';

/** Why a feedback report (情况反馈) is refused. */
export const ReportErrorCode = defineUserErrorCodes({
  DUPLICATE_PERIOD: 'A report for this posting and period exists already.',
  DAYS_EXCEED_PERIOD: 'Days on site exceed the length of the period.',
});
