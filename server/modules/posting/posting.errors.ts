import { defineUserErrorCodes } from '../../common/user-error';

/** Why a posting (挂职) mutation refuses its input; some are shared by records of a posting. */
export const PostingErrorCode = defineUserErrorCodes({
  CADRE_HAS_OPEN_POSTING: 'The cadre already has a PLANNED or ACTIVE posting.',
  POSTINGS_OVERLAP:
    'The cadre has another posting in these dates: nobody is seconded twice at once (a posting holds its days up to its actual end, else its planned end).',
  SAME_UNIT: 'The receiving unit must differ from the cadre’s home unit.',
  POSTING_TYPE_RULE:
    'The posting breaks a rule of its type (挂职类型) on the cadre, the units or the candidacy; the message says which.',
  POSITION_RANK_TOO_HIGH:
    'The post’s rank (挂职职级) is more than one step above the cadre’s rank: a posting trains, it does not promote (every type but HIGHER_ASSISTANT and GRADUATE_ASSISTANT, which have rules of their own).',
  CROSS_DEPUTY_RANK:
    'A cross posting (交叉挂职) takes a middle-level chief (正科 or 正处) to the deputy post of the same level (副科 or 副处).',
  HIGHER_ASSISTANT_RANK:
    'A higher-assistant posting (高挂) assists a leader exactly one step above the cadre’s rank.',
  GRADUATE_ASSISTANT_POST:
    'A recruited graduate with a bachelor’s degree assists a section chief (科长助理, 正科); with a master’s or doctorate a bureau head (government department) or township head, of at least 正科.',
  FRONTLINE_AREA_REQUIRED:
    'A front-line posting (急难险重) goes to front-line work: the receiving unit or the posting must name its front-line area (急难险重领域).',
  THREE_DEFINITIONS_INCOMPLETE:
    'Position, at least one duty and a training plan are needed (三定: 定职, 定责, 定培养计划).',
  START_DATE_NOT_REACHED: 'The posting cannot start before its start date.',
  POSTING_NOT_ACTIVE: 'The posting is not ACTIVE.',
  DATE_OUTSIDE_POSTING: 'The date lies outside the posting.',
});
