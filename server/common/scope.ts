import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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

export const NOTHING = 'FALSE';

/** Parameter names unique to one alias, so two scopes can share a query. */
export function param(alias: string, name: string): string {
  return `${alias}_${name}`;
}
