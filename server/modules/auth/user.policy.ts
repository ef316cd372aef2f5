import { everyRole, orgAdminOnly } from '../../common/permission';
import { everything, param, scopeByRole, type ReadScope } from '../../common/scope';

/** Oneself; an API key (no user) reads no account. */
const self: ReadScope = (qb, a, viewer) => {
  const user = param(a, 'user');
  qb.andWhere(`${a}.id = :${user}`, { [user]: viewer.userId });
};

/** User accounts: the org department sees all; everyone else only themself. */
const read = scopeByRole({
  ORG_ADMIN: everything,
  UNIT_MANAGER: self,
  MENTOR: self,
  CADRE: self,
  ANALYST: self,
});

const may = {
  /** `me` and `logout`: every signed-in viewer, about their own session. */
  readSelf: everyRole,
  logout: everyRole,
  revokeTokens: orgAdminOnly,
};

export const userPolicy = { read, may };
