import { everyRole, orgAdminOnly } from '../../common/permission';
import { everything, param, scopeByRole, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';

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

/** What each role's account is tied to (DESIGN §2: a unit for managers, a cadre for people). */
const links: Readonly<Record<Role, { unit: boolean; cadre: boolean }>> = {
  ORG_ADMIN: { unit: false, cadre: false },
  UNIT_MANAGER: { unit: true, cadre: false },
  MENTOR: { unit: false, cadre: true },
  CADRE: { unit: false, cadre: true },
  ANALYST: { unit: false, cadre: false },
};

/**
 * API keys with the ORG_ADMIN role manage accounts (an HR system keeps them in step, the import
 * of `users` files over HTTP), but not ORG_ADMIN accounts: otherwise a leaked key could mint or
 * take over a human administrator's login that outlives the key's revocation.
 */
const mayTouchAccountOf = (viewer: Viewer, role: Role): boolean =>
  viewer.userId !== null || role !== Role.ORG_ADMIN;

const may = {
  /** `me`, `logout` and `changeMyPassword`: every signed-in viewer, about their own account. */
  readSelf: everyRole,
  logout: everyRole,
  changeOwnPassword: everyRole,
  revokeTokens: orgAdminOnly,
  list: orgAdminOnly,
  create: orgAdminOnly,
  update: orgAdminOnly,
  deactivate: orgAdminOnly,
  reactivate: orgAdminOnly,
  resetPassword: orgAdminOnly,
};

export const userPolicy = { read, may, links, mayTouchAccountOf };
