import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../server/db/data-source';
import { sweepAlerts } from '../../server/modules/alert/alert-sweep';
import { formatLoad, loadOf, startBenchServer, type BenchServer } from './bench-server';

/**
 * Alerts at scale (issue #11): the daily sweep over every posting, `alerts(first: 50)` with
 * `totalCount` under 10 concurrent clients per role, and what keeping alerts current adds to a
 * write (one posting's refresh, as the triggers run it after each statement). Goals: p99 < 100 ms,
 * refresh < 10 ms, sweep < 30 s at 100 000 postings.
 *
 * Run alone on a seeded database: `BENCH_DATABASE_URL=… node server/launch.cjs test/bench/alerts`;
 * `npm run bench` runs it after seeding.
 */
const CLIENTS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const ALERTS = `query ($first: Int!) {
  alerts(first: $first) {
    totalCount
    edges { cursor node { id kind raisedOn detail acknowledgedAt posting { id status } } }
  }
}`;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The sweep in this process (it is the database's work), then the reads against `server`, a
 * Guazhi process of its own (./bench-server.ts), and a write's cost in this process again.
 */
export async function alertsBench(dataSource: DataSource, server: BenchServer): Promise<void> {
  const [{ postings }] = await dataSource.query('SELECT count(*)::int AS postings FROM posting');
  const swept = await sweepAlerts(dataSource, { force: true });
  const [{ open, spells }] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE cleared_on IS NULL)::int AS open, count(*)::int AS spells
      FROM alert`,
  );
  console.log(
    `alerts: sweep of ${postings} postings ${(swept!.durationMs / 1000).toFixed(1)} s ` +
      `(raised ${swept!.raised}, cleared ${swept!.cleared}, updated ${swept!.updated}); ` +
      `${open} open of ${spells} spells`,
  );

  const usernames = ['admin', 'manager', 'analyst'];
  // A server that has run for a while: V8 compiles the hot paths in the first thousands of
  // requests, which otherwise all fall in the first role's run (its p99 was 20–50 ms higher).
  for (const username of usernames) {
    const token = await server.tokenOf(username);
    await loadOf(
      server,
      { query: ALERTS, variables: { first: 50 }, token },
      { connections: CLIENTS, seconds: 3, warmUpSeconds: 0 },
    );
  }
  for (const username of usernames) {
    const token = await server.tokenOf(username);
    const r = await loadOf(
      server,
      { query: ALERTS, variables: { first: 50 }, token },
      { connections: CLIENTS, seconds: SECONDS },
    );
    console.log(
      `alerts(first: 50) + totalCount, ${username}, ${CLIENTS} clients: ${formatLoad(r)}`,
    );
  }

  // What a write pays: the refresh its triggers run for the postings it touched, here one at a
  // time, against a round trip that does nothing.
  const ids: { id: number }[] = await dataSource.query(
    `SELECT id FROM posting WHERE status IN ('ACTIVE', 'COMPLETED') ORDER BY random() LIMIT 300`,
  );
  const timed = async (sql: string, params: unknown[]) => {
    const start = performance.now();
    await dataSource.query(sql, params);
    return performance.now() - start;
  };
  const refresh: number[] = [];
  const nothing: number[] = [];
  for (const { id } of ids) {
    refresh.push(await timed('SELECT * FROM rules.refresh_alerts(ARRAY[$1::int])', [id]));
    nothing.push(await timed('SELECT $1::int', [id]));
  }
  refresh.sort((a, b) => a - b);
  nothing.sort((a, b) => a - b);

  // The same, whole: one UPDATE of a posting with every trigger it fires (alerts, statistics'
  // tallies, live events) and with none (session_replication_role = replica skips them), each in
  // a transaction rolled back so the data stays as seeded. It moves the planned end by a day: a
  // column the alert rules read, so that the refresh runs. Each trigger function's time
  // (track_functions, nested calls included) says where a write's cost goes.
  // One connection each: setting session_replication_role empties the connection's plan cache,
  // which would have the writes with triggers plan their statements again every time.
  const runners = { with: dataSource.createQueryRunner(), without: dataSource.createQueryRunner() };
  await runners.with.connect();
  await runners.without.connect();
  const perTrigger = new Map<string, number[]>();
  // Time spent so far in each trigger function in this transaction (pending statistics, which
  // also hold earlier transactions' until flushed: only a difference within one is this write's).
  const triggerTimes = async () =>
    new Map(
      (
        (await runners.with.query(
          `SELECT p.proname AS name, pg_stat_get_xact_function_total_time(p.oid) AS ms
            FROM pg_proc p WHERE p.prorettype = 'trigger'::regtype
              AND pg_stat_get_xact_function_calls(p.oid) > 0`,
        )) as { name: string; ms: number }[]
      ).map(({ name, ms }) => [name, Number(ms)]),
    );
  const write = async (id: number, triggers: boolean) => {
    const runner = triggers ? runners.with : runners.without;
    await runner.startTransaction();
    try {
      if (!triggers) await runner.query('SET LOCAL session_replication_role = replica');
      else await runner.query(`SET LOCAL track_functions = 'pl'`);
      const before = triggers ? await triggerTimes() : null;
      const start = performance.now();
      await runner.query(
        'UPDATE posting SET planned_end_date = planned_end_date - 1 WHERE id = $1',
        [id],
      );
      const elapsed = performance.now() - start;
      if (before) {
        for (const [name, total] of await triggerTimes()) {
          const spent = total - (before.get(name) ?? 0);
          if (spent > 0) perTrigger.set(name, [...(perTrigger.get(name) ?? []), spent]);
        }
      }
      return elapsed;
    } finally {
      await runner.rollbackTransaction();
    }
  };
  const withTriggers: number[] = [];
  const without: number[] = [];
  try {
    for (const { id } of ids) {
      withTriggers.push(await write(id, true));
      without.push(await write(id, false));
    }
  } finally {
    await runners.with.release();
    await runners.without.release();
  }
  withTriggers.sort((a, b) => a - b);
  without.sort((a, b) => a - b);
  const breakdown = [...perTrigger]
    .map(([name, times]) => [name, times.sort((a, b) => a - b)] as const)
    .sort(([, a], [, b]) => quantile(b, 0.5) - quantile(a, 0.5))
    .map(([name, times]) => `${name} p50 ${ms(quantile(times, 0.5))}`);
  console.log(`alerts: an UPDATE of one posting, per trigger function: ${breakdown.join(', ')}`);
  console.log(
    `alerts: an UPDATE of one posting with its triggers p50 ${ms(quantile(withTriggers, 0.5))}, ` +
      `p99 ${ms(quantile(withTriggers, 0.99))}; without p50 ${ms(quantile(without, 0.5))}, ` +
      `p99 ${ms(quantile(without, 0.99))}`,
  );
  console.log(
    `alerts: one posting's refresh (added to each write statement that touches it): ` +
      `p50 ${ms(quantile(refresh, 0.5) - quantile(nothing, 0.5))}, ` +
      `p99 ${ms(quantile(refresh, 0.99) - quantile(nothing, 0.5))} over a round trip of ` +
      `${ms(quantile(nothing, 0.5))} (${ids.length} postings)`,
  );
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names a seeded database');
  const dataSource = await openDatabase(url);
  const server = await startBenchServer(url);
  try {
    await alertsBench(dataSource, server);
  } finally {
    await server.stop();
    await dataSource.destroy();
  }
}

// Run directly or through server/launch.cjs (which puts the built file in argv[1]).
if (process.argv[1] === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
