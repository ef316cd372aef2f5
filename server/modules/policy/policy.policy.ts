import { everyRole, orgAdminOnly } from '../../common/permission';
import { readByEveryRole } from '../../common/scope';

/**
 * The programme thresholds (政策参数, the Policy row) are public to every role; only the
 * organisation department changes them. Named for what it guards, as `policyPolicy` would not read.
 */
export const thresholdPolicy = {
  read: readByEveryRole,
  may: { read: everyRole, update: orgAdminOnly },
};
