import { forbidden } from '../../common/errors';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
import { postingPolicy } from '../posting/posting.policy';
import type { Mentorship } from './mentorship.entity';

/** Mentorships and their sessions are records of the posting: cadre and mentor both read them. */
export const mentorshipPolicy = {
  read: postingPolicy.readRecords({ ownRecords: 'all', mentor: true }),
  readSessions: postingPolicy.readRecords(
    { ownRecords: 'all', mentor: true },
    (a) => `(SELECT sm.posting_id FROM mentorship sm WHERE sm.id = ${a}.mentorship_id)`,
  ),
};

/** Who may pair a cadre with a mentor: the org department and the receiving unit's manager. */
export function assertCanAssignMentor(viewer: Viewer, posting: Posting): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  if (viewer.role === Role.UNIT_MANAGER && viewer.unitId === posting.receivingUnitId) return;
  throw forbidden(
    'Only the receiving unit’s manager or the organisation department assigns mentors',
  );
}

/** Who may log a mentor session: the mentor, the receiving unit's manager, the org department. */
export function assertCanLogSession(
  viewer: Viewer,
  mentorship: Mentorship,
  posting: Posting,
): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  if (viewer.role === Role.MENTOR && viewer.cadreId === mentorship.mentorId) return;
  if (viewer.role === Role.UNIT_MANAGER && viewer.unitId === posting.receivingUnitId) return;
  throw forbidden('Only the mentor or the receiving unit’s manager logs mentor sessions');
}
