import { everyRole, orgAdminOnly } from '../../common/permission';
import { readByEveryRole } from '../../common/scope';

/**
 * The work calendar (工作日历) is public to every role, like the programme thresholds; only the
 * organisation department sets its days.
 */
export const calendarPolicy = {
  read: readByEveryRole,
  may: { read: everyRole, set: orgAdminOnly },
};
