import { NOTHING, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/** The audit trail is the organisation department's alone. */
const read: ReadScope = (qb, _a, viewer) => {
  if (viewer.role !== Role.ORG_ADMIN) qb.andWhere(NOTHING);
};

export const auditPolicy = { read };
