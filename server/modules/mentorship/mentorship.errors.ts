import { defineUserErrorCodes } from '../../common/user-error';

/** Why a mentoring (帮带) mutation refuses its input. */
export const MentorshipErrorCode = defineUserErrorCodes({
  MENTOR_NOT_LEADERSHIP: 'The mentor must be on the receiving unit’s leadership team (班子成员).',
  MENTOR_IS_CADRE: 'A cadre cannot mentor themself.',
  MENTOR_OVERLOADED: 'The mentor already has 3 active mentees.',
  ALREADY_MENTOR: 'This cadre is already the posting’s active mentor.',
  POSTING_HAS_MENTOR:
    'The posting has an active mentor; pass replaceCurrent to replace them (换人).',
});
