import 'reflect-metadata';
import { openDatabase } from '../../server/db/data-source';
import { StatementCounter } from '../support/env';
import { explain, LIST_PLAN_CASES, listStatements, type ListPlanCase } from '../support/list-plans';
import { benchClient, startBenchApp } from './bench-app';

/**
 * Plans of the reference list queries (issue #12) on a seeded database named by
 * BENCH_DATABASE_URL (its migrations are applied): each query is sent to Guazhi, the statements
 * it issued for the list are EXPLAIN ANALYZEd, and the rows the scans read and the time are
 * printed. `npm run bench:plans`.
 */
async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('Set BENCH_DATABASE_URL to a seeded database');
  const log = new StatementCounter();
  const dataSource = await openDatabase(url, { logger: log, poolSize: 2 });
  const { app, endpoint } = await startBenchApp(dataSource);
  try {
    const { post, tokenOf } = benchClient(endpoint);
    const tokens: Record<string, string> = {};
    for (const username of ['admin', 'manager', 'mentor'])
      tokens[username] = await tokenOf(username);
    console.log('query'.padEnd(48), 'rows read', '    ms', '  scans (table: node, index, rows)');
    // A case whose answer is partly outside the viewer's scope answers FORBIDDEN there, and only there.
    const send = (c: ListPlanCase) =>
      post(c.query, {}, tokens[c.as]).catch((error: Error) => {
        const errors = JSON.parse(error.message) as { extensions?: { code?: string } }[];
        if (!c.partial || errors.some((e) => e.extensions?.code !== 'FORBIDDEN')) throw error;
      });
    for (const c of LIST_PLAN_CASES) {
      await send(c); // warm-up
      log.reset();
      await send(c);
      for (const statement of listStatements(log.sent, c)) {
        const plan = await explain(dataSource, statement, true);
        const scans = plan.scans
          .map((s) => `${s.table}: ${s.type}${s.index ? ` ${s.index}` : ''} ${s.rowsRead}`)
          .join('; ');
        const sorts = plan.sortsOverScans.length ? ` [${plan.sortsOverScans.join(', ')}]` : '';
        console.log(
          c.name.padEnd(48),
          String(plan.rowsRead).padStart(9),
          (plan.ms ?? 0).toFixed(2).padStart(7),
          ` ${scans}${sorts}`,
        );
      }
    }
  } finally {
    await app.stop();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
