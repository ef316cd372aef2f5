import { defineUserErrorCodes } from '../../common/user-error';

/** Why a debrief or experience article (研讨交流) is refused. */
export const DebriefErrorCode = defineUserErrorCodes({
  POSTING_NOT_ENDED: 'Only COMPLETED postings can be debriefed.',
  NOT_OWN_POSTING: 'A cadre may write only about their own postings.',
});
