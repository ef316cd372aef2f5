import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Role } from '../role';
import type { Viewer } from '../viewer';

/** Whose budget a request spends: a role's, or the anonymous callers'. */
export type Principal = `${Role}` | 'ANONYMOUS';

export interface Budget {
  /** Largest cost one operation may have (QUERY_TOO_COMPLEX above it). */
  perRequest: number;
  /** Cost one principal may spend per window, refilled when the window ends (RATE_LIMITED). */
  perWindow: number;
}

export type Budgets = Record<Principal, Budget>;

/** The table of the shared counters (migration 1765300000000-query-budget). */
export const BUDGET_TABLE = 'query_budget';

export function principalOf(viewer: Viewer | null): Principal {
  return viewer ? viewer.role : 'ANONYMOUS';
}

/** One bucket per user, per API key, or per client address for anonymous callers. */
export function bucketOf(viewer: Viewer | null, clientIp: string): string {
  if (viewer?.apiKeyId != null) return `key:${viewer.apiKeyId}`;
  if (viewer?.userId != null) return `user:${viewer.userId}`;
  return `ip:${clientIp}`;
}

export type Spending =
  | { allowed: true; remaining: number; resetInSeconds: number }
  | { allowed: false; retryAfter: number };

/** How often spending purges expired rows: the library's own period. */
const PURGE_EVERY_MS = 5 * 60_000;
/** Rows are purged once expired this long, as the library does (other instances' clocks may lag). */
const PURGE_AFTER_MS = 3600_000;

/**
 * Refilling budgets shared by every instance: rate-limiter-flexible's counters in PostgreSQL
 * (one row per bucket and window; the table comes from a migration, so nothing is created at
 * start-up and a database that is down then cannot crash the process). While PostgreSQL cannot
 * answer, an in-memory limiter of the same size stands in (the library's `insuranceLimiter`), so
 * a restart neither crashes nor lifts the limit.
 *
 * Expired rows are purged by spending, at most every `purgeEveryMs`, never by a timer: the
 * library's purge timer (one per limiter, every 5 minutes, rescheduled for ever) has no way to
 * stop, so it outlived the app and kept its pool, and everything the pool reaches, alive.
 */
export class QueryBudgets {
  private readonly limiters: Map<Principal, RateLimiterPostgres>;
  private nextPurgeAt: number;

  constructor(
    private readonly pool: Pool,
    budgets: Budgets,
    windowSeconds: number,
    private readonly purgeEveryMs = PURGE_EVERY_MS,
  ) {
    this.nextPurgeAt = Date.now() + purgeEveryMs;
    this.limiters = new Map(
      (Object.entries(budgets) as [Principal, Budget][])
        // An infinite window (tests that walk the whole schema) needs no counter.
        .filter(([, budget]) => Number.isFinite(budget.perWindow))
        .map(([principal, budget]) => {
          const options = {
            keyPrefix: `cost:${principal}`,
            points: budget.perWindow,
            duration: windowSeconds,
          };
          const limiter = new RateLimiterPostgres({
            ...options,
            storeClient: pool,
            storeType: 'pool',
            tableName: BUDGET_TABLE,
            tableCreated: true,
            clearExpiredByTimeout: false,
            insuranceLimiter: new RateLimiterMemory(options),
          });
          return [principal, limiter];
        }),
    );
  }

  /** Spends `cost` (at least 1: every request counts) from the bucket's window. */
  async spend(principal: Principal, bucket: string, cost: number): Promise<Spending> {
    const limiter = this.limiters.get(principal);
    if (!limiter) return { allowed: true, remaining: Infinity, resetInSeconds: 0 };
    const purged = this.purgeIfDue();
    try {
      const res = await limiter.consume(bucket, Math.max(1, Math.ceil(cost)));
      return {
        allowed: true,
        remaining: res.remainingPoints,
        resetInSeconds: Math.ceil(res.msBeforeNext / 1000),
      };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, retryAfter: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    } finally {
      await purged;
    }
  }

  /** Deletes rows expired for over an hour, if `purgeEveryMs` has passed; never fails a request. */
  private async purgeIfDue(): Promise<void> {
    if (Date.now() < this.nextPurgeAt) return;
    this.nextPurgeAt = Date.now() + this.purgeEveryMs;
    await this.pool
      .query(`DELETE FROM ${BUDGET_TABLE} WHERE expire < $1`, [Date.now() - PURGE_AFTER_MS])
      .catch(() => undefined);
  }
}
