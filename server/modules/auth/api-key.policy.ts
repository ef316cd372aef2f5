import { NOTHING, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/** API keys are the organisation department's to see and manage. */
const read: ReadScope = (qb, _a, viewer) => {
  if (viewer.role !== Role.ORG_ADMIN) qb.andWhere(NOTHING);
};

export const apiKeyPolicy = { read };
