import { defineUserErrorCodes } from '../../common/user-error';

/** Why a selection (选派) mutation refuses its input. */
export const SelectionErrorCode = defineUserErrorCodes({
  ROUND_CLOSED: 'The selection round is closed (批次已结束).',
  ALREADY_NOMINATED: 'The cadre is already a candidate of this round.',
  QUOTA_EXCEEDED: 'The round has selected as many cadres as its quota (名额已满).',
  INSPECTION_NOT_PASSED: 'The organisational inspection has not been passed (组织考察).',
  SCORES_MISSING: 'Written exam and interview scores are needed first (笔试, 面试).',
  CANDIDATE_NOT_READY:
    'Only a SELECTED candidate who finished pre-posting training can be posted (岗前培训).',
});
