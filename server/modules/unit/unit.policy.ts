import { everyRole, orgAdminOnly } from '../../common/permission';
import { readByEveryRole } from '../../common/scope';

/**
 * Units are the programme's public directory: every signed-in role reads all of them. The
 * organisation department alone keeps the directory (creates, edits and archives units).
 */
export const unitPolicy = {
  read: readByEveryRole,
  may: { list: everyRole, create: orgAdminOnly, update: orgAdminOnly, archive: orgAdminOnly },
};
