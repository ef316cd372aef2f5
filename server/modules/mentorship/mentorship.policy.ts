import { everyRole, permission } from '../../common/permission';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
import { postingPolicy } from '../posting/posting.policy';
import type { Mentorship } from './mentorship.entity';

/** The receiving unit's manager: the unit hosting the cadre pairs and oversees mentoring. */
const receives = (viewer: Viewer, posting: Posting) => viewer.unitId === posting.receivingUnitId;

const may = {
  list: everyRole,
  /** Who may pair a cadre with a mentor: the org department and the receiving unit's manager. */
  assignMentor: permission<[Posting]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: receives,
      MENTOR: false,
      CADRE: false,
      ANALYST: false,
    },
    {
      en: 'Only the receiving unit’s manager or the organisation department assigns mentors',
      zh: '只有接收单位管理员或组织部门可以指定导师',
    },
  ),
  /** Who may log a mentor session: the mentor, the receiving unit's manager, the org department. */
  logSession: permission<[Mentorship, Posting]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: (viewer, _mentorship, posting) => receives(viewer, posting),
      MENTOR: (viewer, mentorship) => viewer.cadreId === mentorship.mentorId,
      CADRE: false,
      ANALYST: false,
    },
    {
      en: 'Only the mentor or the receiving unit’s manager logs mentor sessions',
      zh: '只有导师本人或接收单位管理员可以登记帮带谈话',
    },
  ),
};

/** Mentorships and their sessions are records of the posting: cadre and mentor both read them. */
export const mentorshipPolicy = {
  read: postingPolicy.readRecords({ ownRecords: 'all', mentor: true }),
  readSessions: postingPolicy.readRecords(
    { ownRecords: 'all', mentor: true },
    (a) => `(SELECT sm.posting_id FROM mentorship sm WHERE sm.id = ${a}.mentorship_id)`,
  ),
  may,
};
