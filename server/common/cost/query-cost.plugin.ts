import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { Config } from '../../config';
import type { Context } from '../../context';
import { BoundedCache } from '../bounded-cache';
import type { Viewer } from '../viewer';
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

/** One operation to be charged: its document, variables known, and who sends it. */
export interface ChargedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown> | undefined;
  operationName: string | null | undefined;
  viewer: Viewer | null;
  clientIp: string;
}

/**
 * The operation's cost by `graphql-query-complexity` against the role's budget per operation
 * (QUERY_TOO_COMPLEX, 400; anonymous callers, who may only sign in, UNAUTHENTICATED, 401), then
 * spent from the caller's refilling budget shared by all instances (RATE_LIMITED, 429 with
 * `retryAfter` and `Retry-After`). Throws those errors; returns what was spent. HTTP operations
 * (below) and WebSocket subscriptions (live/live-server.ts) are charged alike.
 */
export async function chargeOperation(
  config: Config,
  budgets: QueryBudgets,
  operation: ChargedOperation,
): Promise<CostReport> {
  const principal = principalOf(operation.viewer);
  const budget = config.queryBudgets[principal];
  let requested: number;
  try {
    requested = complexityOf(operation);
  } catch (error) {
    // Variables that do not fit their arguments: execution would refuse them too.
    const { message } = error as Error;
    throw refusal({ en: message, zh: message }, ErrorCode.BAD_USER_INPUT, 400);
  }
  const cost: CostReport = { requested, budget: budget.perRequest };
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
    bucketOf(operation.viewer, operation.clientIp),
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
  return { ...cost, remaining: spent.remaining, resetInSeconds: spent.resetInSeconds };
}

const ESTIMATORS = [costEstimator()];

/**
 * Costs already computed, per parsed document (Apollo keeps one per text, so a dashboard sending
 * the same document gets the same object) and per operation name and variables: walking the
 * document against the schema was 1.5 % of a list request's CPU. Weakly held: a document Apollo
 * forgets takes its costs with it; at most MAX_COSTS_PER_DOCUMENT short variable sets each (a
 * mutation's large input is costed every time, as it is new every time anyway).
 */
const costs = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, BoundedCache<string, number>>>();
const MAX_COSTS_PER_DOCUMENT = 50;
const MAX_COST_KEY_LENGTH = 2_000;

function complexityOf(operation: ChargedOperation): number {
  let bySchema = costs.get(operation.schema);
  if (!bySchema) costs.set(operation.schema, (bySchema = new WeakMap()));
  let known = bySchema.get(operation.document);
  if (!known) bySchema.set(operation.document, (known = new BoundedCache(MAX_COSTS_PER_DOCUMENT)));
  const key = JSON.stringify([operation.operationName ?? null, operation.variables ?? null]);
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const cost = getComplexity({
    schema: operation.schema,
    query: operation.document,
    variables: operation.variables,
    operationName: operation.operationName ?? undefined,
    estimators: ESTIMATORS,
  });
  if (key.length <= MAX_COST_KEY_LENGTH) known.set(key, cost);
  return cost;
}

/**
 * The operation's cost, before any resolver runs (the document's bounds were checked before
 * validation by `documentGuard`):
 * 1. `didResolveOperation` (variables known, so `first: $n` counts at its value — a validation
 *    rule could not see them, and Apollo caches validation per text): `chargeOperation`.
 * 2. `willSendResponse`: `extensions.cost` on every response that got that far.
 */
export function queryCostPlugin(
  config: Config,
  budgets: QueryBudgets,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let cost: CostReport | undefined;
      return {
        async didResolveOperation({ document, contextValue, request, schema }) {
          cost = await chargeOperation(config, budgets, {
            schema,
            document,
            variables: request.variables,
            operationName: request.operationName,
            viewer: contextValue.viewer,
            clientIp: contextValue.clientIp,
          }).catch((error: GraphQLError) => {
            cost = error.extensions?.cost as CostReport | undefined;
            throw error;
          });
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
