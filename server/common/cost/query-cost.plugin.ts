import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { Config } from '../../config';
import type { Context } from '../../context';
import { codedError, ErrorCode } from '../errors';
import type { Text } from '../text';
import { bucketOf, principalOf, type QueryBudgets } from './budget';
import { costEstimator } from './estimator';

/** `extensions.cost` of a response: what the operation cost and what is left. */
export interface CostReport {
  /** Cost of the operation (about one unit per row it may read). */
  requested: number;
  /** Largest cost one operation of this role may have. */
  budget: number;
  /** What this caller may still spend in the current window (absent when refused before). */
  remaining?: number;
  /** Seconds until the window refills. */
  resetInSeconds?: number;
}

function refusal(message: Text, code: ErrorCode, status: number, extra = {}): GraphQLError {
  return codedError(message, { code, ...extra, http: { status } });
}

/**
 * The operation's cost, before any resolver runs (the document's bounds were checked before
 * validation by `documentGuard`):
 * 1. `didResolveOperation` (variables known, so `first: $n` counts at its value — a validation
 *    rule could not see them, and Apollo caches validation per text): the operation's cost by
 *    `graphql-query-complexity` against the role's budget (QUERY_TOO_COMPLEX, 400; anonymous
 *    callers, who may only sign in, UNAUTHENTICATED, 401), then the
 *    cost is spent from the caller's refilling budget shared by all instances (RATE_LIMITED,
 *    429 with `retryAfter` and `Retry-After`).
 * 2. `willSendResponse`: `extensions.cost` on every response that got that far.
 */
export function queryCostPlugin(
  config: Config,
  budgets: QueryBudgets,
): ApolloServerPlugin<Context> {
  const estimators = [costEstimator()];
  return {
    async requestDidStart() {
      let cost: CostReport | undefined;
      return {
        async didResolveOperation({ document, contextValue, request, schema }) {
          const principal = principalOf(contextValue.viewer);
          const budget = config.queryBudgets[principal];
          let requested: number;
          try {
            requested = getComplexity({
              schema,
              query: document,
              variables: request.variables,
              operationName: request.operationName,
              estimators,
            });
          } catch (error) {
            // Variables that do not fit their arguments: execution would refuse them too.
            const { message } = error as Error;
            throw refusal({ en: message, zh: message }, ErrorCode.BAD_USER_INPUT, 400);
          }
          cost = { requested, budget: budget.perRequest };
          if (requested > budget.perRequest && principal === 'ANONYMOUS')
            // Anonymous callers may only sign in: over their tiny budget, that is the answer.
            throw refusal(
              {
                en: `Sign in first: the operation costs ${requested}, and without signing in at most ${budget.perRequest} is allowed`,
                zh: `请先登录：该操作的开销为 ${requested}，未登录时最多允许 ${budget.perRequest}`,
              },
              ErrorCode.UNAUTHENTICATED,
              401,
              { cost },
            );
          if (requested > budget.perRequest)
            throw refusal(
              {
                en: `The operation costs ${requested}; at most ${budget.perRequest} is allowed for ${principal}: ask for smaller pages or fewer nested lists`,
                zh: `该操作的开销为 ${requested}，${principal} 最多允许 ${budget.perRequest}：请减小每页条数或减少嵌套列表`,
              },
              ErrorCode.QUERY_TOO_COMPLEX,
              400,
              { cost },
            );
          const spent = await budgets.spend(
            principal,
            bucketOf(contextValue.viewer, contextValue.clientIp),
            requested,
          );
          if (!spent.allowed) {
            throw codedError(
              {
                en: `Query budget spent: try again in ${spent.retryAfter} s (${budget.perWindow} per ${config.queryBudgetWindowSeconds} s for ${principal})`,
                zh: `查询额度已用完，请 ${spent.retryAfter} 秒后再试（${principal} 每 ${config.queryBudgetWindowSeconds} 秒 ${budget.perWindow}）`,
              },
              {
                code: ErrorCode.RATE_LIMITED,
                retryAfter: spent.retryAfter,
                cost,
                http: {
                  status: 429,
                  headers: new HeaderMap([['retry-after', String(spent.retryAfter)]]),
                },
              },
            );
          }
          cost = { ...cost, remaining: spent.remaining, resetInSeconds: spent.resetInSeconds };
        },
        async willSendResponse({ response }) {
          if (!cost || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}
