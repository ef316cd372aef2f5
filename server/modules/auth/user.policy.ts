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

/**
 * What each role's account is tied to (DESIGN §2: a unit for managers, a cadre for people), and
 * whether that cadre must be on a leadership team (班子成员: only they mentor, DESIGN §2).
 */
const links: Readonly<Record<Role, { unit: boolean; cadre: boolean; leadership: boolean }>> = {
  ORG_ADMIN: { unit: false, cadre: false, leadership: false },
  UNIT_MANAGER: { unit: true, cadre: false, leadership: false },
  MENTOR: { unit: false, cadre: true, leadership: true },
  CADRE: { unit: false, cadre: true, leadership: false },
  ANALYST: { unit: false, cadre: false, leadership: false },
};

/** The role that manages accounts: one account of it must stay active. */
const adminRole = Role.ORG_ADMIN;

/**
 * API keys with the ORG_ADMIN role manage accounts (an HR system keeps them in step, the import
 * of `users` files over HTTP), but not ORG_ADMIN accounts: otherwise a leaked key could mint or
 * take over a human administrator's login that outlives the key's revocation.
 */
const mayTouchAccountsOf = (viewer: Viewer, ...roles: (Role | undefined)[]): boolean =>
  viewer.userId !== null || !roles.includes(adminRole);

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

/**
 * Whose access ends with a record (account-closure.service.ts): a cadre's own and mentor accounts
 * when the cadre leaves, a unit's managers when the unit is archived.
 */
const endsWith = {
  cadre: [Role.CADRE, Role.MENTOR],
  unit: [Role.UNIT_MANAGER],
} as const satisfies Record<string, readonly Role[]>;

export const userPolicy = { read, may, links, adminRole, mayTouchAccountsOf, endsWith };
