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
import { programmeOverviewService } from '../../server/modules/stats/programme-overview.service';
import type { ProgrammeOverview } from '../../server/modules/stats/programme-overview.types';
import type { Viewer } from '../../server/common/viewer';

/**
 * `node dist/test/bench/stats.js` with BENCH_DATABASE_URL (a seeded database): each aggregate of
 * `statistics` and of `programmeOverview` (this year), alone and all of them together as the
 * dashboards select them, per role, through the services: STATS_CLIENTS concurrent clients (10)
 * each computing it STATS_RUNS times (10) afresh, with p50/p99 and the statements one computation
 * runs. With STATS_EXPLAIN=1, the plan of every statement (EXPLAIN ANALYZE), computed alone. What
 * an aggregate costs is then told apart from the HTTP and GraphQL around it (dashboards.ts).
 */
const RUNS = Number(process.env.STATS_RUNS ?? 10);
const CLIENTS = Number(process.env.STATS_CLIENTS ?? 10);

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

type Ctx = ReturnType<typeof contextFor>;
type Aggregate = (ctx: Ctx, stats: Statistics) => Promise<unknown>;
type OverviewFigure = (ctx: Ctx, o: ProgrammeOverview) => Promise<unknown>;

const EACH_AGGREGATE: [string, Aggregate][] = [
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
export const AGGREGATES: [string, Aggregate][] = [
  ...EACH_AGGREGATE,
  // What the dashboards select (dashboards.ts STATISTICS): every aggregate and disclosureControl.
  [
    'statistics (all, as dashboards)',
    (ctx, s) =>
      Promise.all([
        ...EACH_AGGREGATE.map(([, aggregate]) => aggregate(ctx, s)),
        statsService.disclosureControl(ctx, s),
      ]),
  ],
];

const EACH_OVERVIEW_FIGURE: [string, OverviewFigure][] = [
  ['overview postingsByType', (ctx, o) => programmeOverviewService.postingsByType(ctx, o)],
  ['overview openAlerts', (ctx, o) => programmeOverviewService.openAlerts(ctx, o)],
  ['overview reservePool', (ctx, o) => programmeOverviewService.reservePool(ctx, o)],
  ['overview excellentQuotaUse', (ctx, o) => programmeOverviewService.excellentQuotaUse(ctx, o)],
  [
    'overview promotionAfterReturn',
    (ctx, o) => programmeOverviewService.promotionAfterReturn(ctx, o),
  ],
];
const OVERVIEW_FIGURES: [string, OverviewFigure][] = [
  ...EACH_OVERVIEW_FIGURE,
  [
    'programmeOverview (all, as dashboards)',
    (ctx, o) =>
      Promise.all([
        ...EACH_OVERVIEW_FIGURE.map(([, figure]) => figure(ctx, o)),
        programmeOverviewService.disclosureControl(ctx, o),
      ]),
  ],
];

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** CLIENTS loops of RUNS computations each, all at once: every computation's ms, sorted. */
async function underLoad(run: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

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
  const year = new Date().getFullYear();
  console.log(
    `statistics and programmeOverview(${year}) through the services: ${CLIENTS} concurrent ` +
      `clients × ${RUNS} runs each (ms), and the statements one computation runs`,
  );
  try {
    for (const username of ['admin', 'manager', 'analyst']) {
      const viewer = await viewerOf(dataSource, username);
      console.log(
        `\n${username} (${viewer.role})`.padEnd(50),
        '  p50 ms',
        '  p99 ms',
        ' statements',
      );
      const cases: [string, (ctx: Ctx) => Promise<unknown>][] = [
        ...AGGREGATES.map(([name, aggregate]): [string, (ctx: Ctx) => Promise<unknown>] => [
          name,
          (ctx) => aggregate(ctx, Object.assign(new Statistics(), { filter: {} })),
        ]),
        ...OVERVIEW_FIGURES.map(([name, figure]): [string, (ctx: Ctx) => Promise<unknown>] => [
          name,
          (ctx) => figure(ctx, programmeOverviewService.overview(year)),
        ]),
      ];
      for (const [name, compute] of cases) {
        if (only && !name.startsWith(only)) continue;
        const run = async () => {
          await compute(contextFor(deps, viewer, '127.0.0.1'));
        };
        await run();
        capture.statements = [];
        capture.on = true;
        await run();
        capture.on = false;
        const statements = capture.statements;
        const times = await underLoad(run);
        console.log(
          `  ${name.padEnd(46)}`,
          quantile(times, 0.5).toFixed(1).padStart(8),
          quantile(times, 0.99).toFixed(1).padStart(8),
          String(statements.length).padStart(11),
        );
        if (process.env.STATS_EXPLAIN) {
          for (const { sql, parameters } of statements) {
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
