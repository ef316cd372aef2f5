import {
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  isLeafType,
  isListType,
  isObjectType,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination';

/** What a mutation's root field costs beyond its payload: it writes and audits in a transaction. */
export const MUTATION_COST = 10;
/** Items assumed for a plain list field with no size argument (`timeline`, `scores`, …). */
export const ASSUMED_LIST_SIZE = 10;

/** A Relay connection type: multiplies what its items select by the page size. */
function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith('Connection') && 'pageInfo' in type.getFields();
}

/** Items a connection returns: `first` or `last`, else the default page, capped like the resolvers. */
function pageSize(args: Record<string, unknown>): number {
  const asked = [args.first, args.last].find((n): n is number => typeof n === 'number');
  return Math.min(Math.max(asked ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
}

/**
 * Guazhi's cost model for `graphql-query-complexity`, about one unit per row read:
 * - a scalar or enum field costs 0 (it comes with its row), an object field 1 plus its selection;
 * - a connection costs 1 plus page size × its selection (`first`/`last`, else the default page
 *   of 20), so nested connections multiply; its `nodes`/`edges` add 1 per item, `pageInfo` 0;
 * - a plain list multiplies by its `ids` (`nodes(ids:)`) or by ASSUMED_LIST_SIZE;
 * - a mutation's root field costs MUTATION_COST plus its payload;
 * - introspection (`__schema`, `__type`, `__typename`) is free: it reads no rows.
 */
export function costEstimator(): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
    const named = getNamedType(field.type);
    if (isLeafType(named) || named.name === 'PageInfo') return 0;
    if (isConnection(named)) return 1 + pageSize(args) * childComplexity;
    const own = type.name === 'Mutation' ? MUTATION_COST : 1;
    if (!isListType(getNullableType(field.type)) || isConnection(type))
      return own + childComplexity;
    const items = Array.isArray(args.ids) ? args.ids.length : ASSUMED_LIST_SIZE;
    return own + items * childComplexity;
  };
}
