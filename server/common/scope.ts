import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Role } from './role';
import type { Viewer } from './viewer';

/**
 * A policy's read rule as SQL: narrows `qb` (whose root row is `alias`) to the rows `viewer` may
 * read. Root lists, `node`, nested relations, loaders and counts all go through one of these.
 */
export type ReadScope = (
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  viewer: Viewer,
) => void;

/**
 * A read scope given as one answer per role. The table is a `Record<Role, …>`, so a role added to
 * the enum does not compile until every policy has said what it reads; there is no fall-through.
 */
export type ScopeTable = Readonly<Record<Role, ReadScope>>;

/** The scope with its table kept, so tests can check that every role is answered. */
export interface RoleScope extends ReadScope {
  readonly byRole: ScopeTable;
}

export const NOTHING = 'FALSE';

/** Every row: an explicit answer in a table, never a default. */
export const everything: ReadScope = () => undefined;

/** No row. */
export const nothing: ReadScope = (qb) => {
  qb.andWhere(NOTHING);
};

export function scopeByRole(table: ScopeTable): RoleScope {
  const scope: ReadScope = (qb, alias, viewer) => {
    // A role the table does not know (say, from a token older than the enum) reads nothing.
    const rule = Object.hasOwn(table, viewer.role) ? table[viewer.role] : nothing;
    rule(qb, alias, viewer);
  };
  return Object.assign(scope, { byRole: table });
}

/** Parameter names unique to one alias, so two scopes can share a query. */
export function param(alias: string, name: string): string {
  return `${alias}_${name}`;
}

/**
 * Rows where `condition(alias, unit)` holds, `unit` being the viewer's unit as a parameter named
 * after the alias (`:posting_unit`), so the scopes of one statement never share a name.
 */
export function whereUnit(condition: (a: string, unit: string) => string): ReadScope {
  return (qb, a, viewer) => {
    const unit = param(a, 'unit');
    qb.andWhere(condition(a, `:${unit}`), { [unit]: viewer.unitId });
  };
}

/** Like `whereUnit`, with `self` the viewer's own cadre record (null for staff: no row). */
export function whereCadre(condition: (a: string, self: string) => string): ReadScope {
  return (qb, a, viewer) => {
    const self = param(a, 'self');
    qb.andWhere(condition(a, `:${self}`), { [self]: viewer.cadreId });
  };
}

/** Read by every role: a public directory or public settings. */
export const readByEveryRole = scopeByRole({
  ORG_ADMIN: everything,
  UNIT_MANAGER: everything,
  MENTOR: everything,
  CADRE: everything,
  ANALYST: everything,
});

/** Read by the organisation department alone: the audit trail, API keys. */
export const readByOrgAdminOnly = scopeByRole({
  ORG_ADMIN: everything,
  UNIT_MANAGER: nothing,
  MENTOR: nothing,
  CADRE: nothing,
  ANALYST: nothing,
});
