import type { EnumLabels } from '../../common/labels';
import type { PostingStatus, PostingType } from './posting-type';

/*
 * Chinese labels of the posting enums, beside the enums so that a new value gets its label in the
 * same change. The first label is also the enum value's GraphQL description (a test compares them).
 */

export const POSTING_TYPE_LABELS: EnumLabels<PostingType> = {
  CROSS_DEPUTY: ['交叉挂职'],
  HIGHER_ASSISTANT: ['高挂'],
  GRADUATE_ASSISTANT: ['引进生挂职'],
  SCHOOL_ASSISTANT: ['校长助理'],
  UPWARD: ['上挂'],
  DOWNWARD: ['下派基层', '下派'],
  OUTWARD: ['外派'],
  FRONTLINE: ['急难险重'],
};

export const POSTING_STATUS_LABELS: EnumLabels<PostingStatus> = {
  PLANNED: ['拟派'],
  ACTIVE: ['在岗'],
  COMPLETED: ['期满返回'],
  TERMINATED: ['提前终止'],
};
