import { defineUserErrorCodes } from '../../common/user-error';

/** Why a posting (挂职) mutation refuses its input; some are shared by records of a posting. */
export const PostingErrorCode = defineUserErrorCodes({
  CADRE_HAS_OPEN_POSTING: 'The cadre already has a PLANNED or ACTIVE posting.',
  POSTINGS_OVERLAP:
    'The cadre has another posting in these dates: nobody is seconded twice at once (a posting holds its days up to its actual end, else its planned end).',
  SAME_UNIT: 'The receiving unit must differ from the cadre’s home unit.',
  POSTING_TYPE_RULE: 'The posting breaks a rule of its type (挂职类型); the message says which.',
  THREE_DEFINITIONS_INCOMPLETE:
    'Position, at least one duty and a training plan are needed (三定: 定职, 定责, 定培养计划).',
  START_DATE_NOT_REACHED: 'The posting cannot start before its start date.',
  POSTING_NOT_ACTIVE: 'The posting is not ACTIVE.',
  DATE_OUTSIDE_POSTING: 'The date lies outside the posting.',
});
