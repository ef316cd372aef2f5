import { param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/** User accounts: the org department sees all; everyone else only themself. */
const read: ReadScope = (qb, a, viewer) => {
  if (viewer.role === Role.ORG_ADMIN) return;
  const self = param(a, 'user');
  qb.andWhere(`${a}.id = :${self}`, { [self]: viewer.userId });
};

export const userPolicy = { read };
