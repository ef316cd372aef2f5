import { defineUserErrorCodes } from '../../common/user-error';

/** Why an evaluation (考核) mutation refuses its input. */
export const EvaluationErrorCode = defineUserErrorCodes({
  EVALUATION_FINALIZED: 'A finalized evaluation cannot change.',
  FINAL_EVALUATION_EXISTS: 'The posting already has a FINAL evaluation.',
  EXCELLENT_QUOTA_EXCEEDED:
    'EXCELLENT would exceed the quota for the receiving-unit kind and year (优秀比例).',
  EVALUATION_INCOMPLETE:
    'Submitting needs a grade and all seven scores; a tracking inspection also its interview count and findings.',
});
