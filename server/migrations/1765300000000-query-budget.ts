import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters of the refilling query budgets (server/common/cost/budget.ts), in the shape
 * rate-limiter-flexible's RateLimiterPostgres reads and writes: key = prefix:bucket, points spent in
 * the window, expire = end of the window in epoch milliseconds. Created here, not by the library at
 * start-up, so that a database that is down then cannot crash the process.
 */
export class QueryBudget1765300000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE query_budget (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    )`);
    await q.query(`CREATE INDEX query_budget_expire_idx ON query_budget (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE query_budget`);
  }
}
