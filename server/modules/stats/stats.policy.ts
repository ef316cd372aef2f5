import { permission } from '../../common/permission';

/**
 * Statistics are for those who run or study the programme; each figure is then counted over the
 * rows the viewer's read scopes allow (postings, evaluations, alerts, careers).
 */
export const statsPolicy = {
  may: {
    read: permission({
      ORG_ADMIN: true,
      UNIT_MANAGER: true,
      ANALYST: true,
      MENTOR: false,
      CADRE: false,
    }),
  },
};
