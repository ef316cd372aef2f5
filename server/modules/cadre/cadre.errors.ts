import { defineUserErrorCodes } from '../../common/user-error';

/** Why a cadre (干部) mutation, or a cadre row of an import, is refused. */
export const CadreErrorCode = defineUserErrorCodes({
  INVALID_ID_NUMBER:
    'The ID number (身份证号) is malformed, its check digit (校验码) is wrong or its birth date is not a real past day.',
  ID_NUMBER_MISMATCH: 'The birth date or gender contradicts the ID number (身份证号).',
  DUPLICATE_ID_NUMBER: 'Another cadre already has this ID number (身份证号).',
  INVALID_PHONE:
    'Not a mainland mobile number (1[3-9] and 9 digits) or a landline with its area code (0xx-xxxxxxx).',
  CADRE_DEPARTED:
    'The cadre has retired or transferred out: no new postings, nominations or team places.',
  CADRE_IS_MENTORING:
    'The cadre mentors posted cadres (帮带): assign them another mentor before the cadre leaves the team or departs.',
  TRANSFER_REQUIRED:
    'The cadre belongs to another unit: moving them is a TRANSFERRED career event (recordCareerEvent), not an edit.',
});
