import { orgAdminOnly } from '../../common/permission';
import { readByOrgAdminOnly } from '../../common/scope';

/** The audit trail is the organisation department's alone. */
export const auditPolicy = { read: readByOrgAdminOnly, may: { list: orgAdminOnly } };
