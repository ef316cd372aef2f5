import type { Config } from '../../server/config';
import { DEFAULT_DOCUMENT_BOUNDS, DEFAULT_QUERY_BUDGETS } from '../../server/config';

const unbounded = <T extends object>(bounds: T): Record<keyof T, number> =>
  Object.fromEntries(Object.keys(bounds).map((k) => [k, Infinity])) as Record<keyof T, number>;

/**
 * Config for tests that walk the whole schema with generated documents far larger than a
 * client's: no document bounds, no cost budget, no refilling window (server/common/cost).
 */
export const noQueryLimits: Pick<Config, 'documentBounds' | 'queryBudgets'> = {
  documentBounds: {
    signedIn: unbounded(DEFAULT_DOCUMENT_BOUNDS.signedIn),
    anonymous: unbounded(DEFAULT_DOCUMENT_BOUNDS.anonymous),
    anonymousTokens: 1_000_000,
  },
  queryBudgets: Object.fromEntries(
    Object.keys(DEFAULT_QUERY_BUDGETS).map((p) => [
      p,
      { perRequest: Infinity, perWindow: Infinity },
    ]),
  ) as Config['queryBudgets'],
};
