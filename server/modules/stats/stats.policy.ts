import { permission } from '../../common/permission';
import type { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';

/**
 * Statistics are for those who run or study the programme; each figure is then counted over the
 * rows the viewer's read scopes allow (postings, evaluations, alerts, careers).
 */
const read = permission({
  ORG_ADMIN: true,
  UNIT_MANAGER: true,
  ANALYST: true,
  MENTOR: false,
  CADRE: false,
});

/**
 * Who gets statistics with small cells suppressed (小单元格抑制, policy.minCellSize). Analysts study
 * the programme, not people: a cell of one or two cadres is a person's grade, so they get it
 * suppressed. An API key acts in its role (the viewer's `role` is the key's), so a key issued as
 * ANALYST is suppressed like an analyst. The organisation department decides on the cadres and
 * sees exact figures. Unit managers also see exact figures: their statistics count only their
 * own unit's postings, whose cadres, evaluations and alerts they already read one by one in their
 * lists, so suppressing would hide nothing from them and only make their dashboard wrong.
 * Mentors and cadres get no statistics at all.
 */
const exact: Readonly<Record<Role, boolean>> = {
  ORG_ADMIN: true,
  UNIT_MANAGER: true,
  ANALYST: false,
  MENTOR: false,
  CADRE: false,
};

export const statsPolicy = {
  may: { read },
  /** True when the viewer's statistics suppress cells of fewer than policy.minCellSize cadres. */
  // A role the table does not know (a token older than the enum) gets the suppressed figures.
  suppressesSmallCells: (viewer: Viewer): boolean =>
    !(Object.hasOwn(exact, viewer.role) && exact[viewer.role]),
};
