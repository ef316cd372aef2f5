import { Authorized } from 'type-graphql';
import { forbidden } from './errors';
import type { Text } from './text';
import { Role } from './role';
import type { Viewer } from './viewer';

/**
 * One role's answer to "may the viewer do this?": `true`, `false`, or a rule over the records the
 * operation touches (the posting reported on, the evaluation edited …).
 */
export type WriteRule<Args extends unknown[]> =
  boolean | ((viewer: Viewer, ...args: Args) => boolean);

/** One answer per role: a role added to the enum does not compile until each permission answers. */
export type WriteTable<Args extends unknown[]> = Readonly<Record<Role, WriteRule<Args>>>;

/**
 * A write permission, `policy.may.<verb>`. Called, it throws FORBIDDEN unless the viewer may; its
 * `roles` (every role not answered `false`) are who may call the operation at all, so `@Allow`
 * and the row-level rule come from the same table and cannot disagree.
 */
export interface Permission<Args extends unknown[] = []> {
  (viewer: Viewer, ...args: Args): void;
  /** The same answer as a boolean, where a refusal is a userError rather than FORBIDDEN. */
  allows(viewer: Viewer, ...args: Args): boolean;
  readonly roles: readonly Role[];
  readonly byRole: WriteTable<Args>;
}

export function permission<Args extends unknown[] = []>(
  table: WriteTable<Args>,
  message?: Text | ((...args: Args) => Text),
): Permission<Args> {
  const allows = (viewer: Viewer, ...args: Args): boolean => {
    // A role the table does not know (a token older than the enum) may do nothing.
    const rule = Object.hasOwn(table, viewer.role) ? table[viewer.role] : false;
    return typeof rule === 'boolean' ? rule : rule(viewer, ...args);
  };
  const check = (viewer: Viewer, ...args: Args): void => {
    if (allows(viewer, ...args)) return;
    throw forbidden(typeof message === 'function' ? message(...args) : message);
  };
  const roles = Object.values(Role).filter((role) => table[role] !== false);
  return Object.assign(check, { allows, roles, byRole: table });
}

/** Operations of the organisation department alone (programme set-up, decisions, the audit). */
export const orgAdminOnly = permission({
  ORG_ADMIN: true,
  UNIT_MANAGER: false,
  MENTOR: false,
  CADRE: false,
  ANALYST: false,
});

/** Operations open to every signed-in role; the read scopes then narrow what each gets. */
export const everyRole = permission({
  ORG_ADMIN: true,
  UNIT_MANAGER: true,
  MENTOR: true,
  CADRE: true,
  ANALYST: true,
});

/** Operations for staff: everyone but the cadres, who reach their own records through their profile. */
export const staffOnly = permission({
  ORG_ADMIN: true,
  UNIT_MANAGER: true,
  MENTOR: true,
  ANALYST: true,
  CADRE: false,
});

/**
 * Declares who may call a Query, Mutation or Subscription: `@Allow(postingPolicy.may.activate)`.
 * An empty role list would mean "any signed-in viewer" to type-graphql, so it is refused here.
 */
export function Allow(permission: Pick<Permission<never>, 'roles'>): MethodDecorator {
  if (permission.roles.length === 0) throw new Error('@Allow needs a permission some role has');
  return Authorized<Role>(...permission.roles);
}
