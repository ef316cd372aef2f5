import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource, Logger } from 'typeorm';
import { loadConfig } from '../../server/config';
import { contextFor } from '../../server/context';
import { openDatabase } from '../../server/db/data-source';
import { AuthService } from '../../server/modules/auth/auth.service';
import { REGISTRY } from '../../server/modules/index';
import { EvaluationKind } from '../../server/modules/evaluation/evaluation-enums';
import { statsService } from '../../server/modules/stats/stats.service';
import { Statistics } from '../../server/modules/stats/stats.types';
import type { Viewer } from '../../server/common/viewer';

/**
 * `node dist/test/bench/stats.js` with BENCH_DATABASE_URL (a seeded database): each aggregate of
 * `statistics` alone, per role, through the service (median of STATS_RUNS fresh computations),
 * and with STATS_EXPLAIN=1 the plan of every statement it ran (EXPLAIN ANALYZE). What an
 * aggregate costs is then told apart from the HTTP and GraphQL around it (run.ts).
 */
const RUNS = Number(process.env.STATS_RUNS ?? 10);

class Capture implements Logger {
  statements: { sql: string; parameters: unknown[] }[] = [];
  on = false;
  logQuery(sql: string, parameters?: unknown[]): void {
    if (this.on) this.statements.push({ sql, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

type Aggregate = (ctx: ReturnType<typeof contextFor>, stats: Statistics) => Promise<unknown>;

export const AGGREGATES: [string, Aggregate][] = [
  ['postingCounts', (ctx, s) => statsService.postingCounts(ctx, s)],
  ['gradeDistribution (FINAL) + excellentShares', (ctx, s) => statsService.excellentShares(ctx, s)],
  [
    'gradeDistribution (ROUTINE)',
    (ctx, s) => statsService.gradeDistribution(ctx, s, EvaluationKind.ROUTINE),
  ],
  ['dimensionAverages', (ctx, s) => statsService.dimensionAverages(ctx, s)],
  ['promotionAfterReturn', (ctx, s) => statsService.promotionAfterReturn(ctx, s)],
  ['alertCounts', (ctx, s) => statsService.alertCounts(ctx, s)],
];

async function viewerOf(dataSource: DataSource, username: string): Promise<Viewer> {
  const [row] = await dataSource.query(
    'SELECT id, role, unit_id, cadre_id FROM app_user WHERE username = $1',
    [username],
  );
  if (!row) throw new Error(`no user ${username} in the bench database`);
  return {
    userId: row.id,
    apiKeyId: null,
    username,
    role: row.role,
    unitId: row.unit_id,
    cadreId: row.cadre_id,
  };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL: a database seeded by `npm run seed -- --scale N`');
  const capture = new Capture();
  const dataSource = await openDatabase(url, { logger: capture });
  const config = loadConfig({ NODE_ENV: 'production', GUAZHI_JWT_SECRET: 'b'.repeat(40) });
  const deps = {
    dataSource,
    config,
    auth: new AuthService(dataSource, config),
    registry: REGISTRY,
  };
  const only = process.env.STATS_ONLY;
  try {
    for (const username of ['admin', 'manager', 'analyst']) {
      const viewer = await viewerOf(dataSource, username);
      console.log(`\n${username} (${viewer.role}): median of ${RUNS} runs, ms`);
      for (const [name, aggregate] of AGGREGATES) {
        if (only && !name.startsWith(only)) continue;
        const run = async () => {
          const ctx = contextFor(deps, viewer, '127.0.0.1');
          await aggregate(ctx, Object.assign(new Statistics(), { filter: {} }));
        };
        await run();
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          await run();
          times.push(performance.now() - start);
        }
        times.sort((a, b) => a - b);
        console.log(`  ${name.padEnd(48)} ${times[Math.floor(RUNS / 2)].toFixed(1).padStart(8)}`);
        if (process.env.STATS_EXPLAIN) {
          capture.statements = [];
          capture.on = true;
          await run();
          capture.on = false;
          for (const { sql, parameters } of capture.statements) {
            const plan: { 'QUERY PLAN': string }[] = await dataSource.query(
              `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
              parameters,
            );
            console.log(`\n${sql}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
          }
        }
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
