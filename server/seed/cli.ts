import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import {
  EmbeddedDatabaseError,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../db/embedded';
import { formatSummary, seedDemo, type SeedVia } from './demo';

/**
 * `npm run seed -- [--scale N] [--reset] [--via services|bulk]`: demo data into DATABASE_URL, or
 * into the embedded PostgreSQL that `npm start` uses. Never in production. `--via` chooses how it
 * is written (demo.ts): through the services (default at scale 1) or checked bulk inserts.
 */

const USAGE = 'usage: node dist/server/seed/cli.js [--scale N] [--reset] [--via services|bulk]';

/** A mistake on the command line: reported without a stack trace. */
class UsageError extends Error {}

interface Args {
  scale: number;
  reset: boolean;
  via?: SeedVia;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { scale: 1, reset: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reset') args.reset = true;
    else if (arg === '--via' || arg.startsWith('--via=')) {
      const raw = arg === '--via' ? argv[++i] : arg.slice('--via='.length);
      if (raw !== 'services' && raw !== 'bulk') {
        throw new UsageError(`--via is services or bulk, not "${raw ?? ''}"`);
      }
      args.via = raw;
    } else if (arg === '--scale' || arg.startsWith('--scale=')) {
      const raw = arg === '--scale' ? argv[++i] : arg.slice('--scale='.length);
      args.scale = Number(raw);
      if (!Number.isFinite(args.scale) || args.scale < 1) {
        throw new UsageError(`--scale must be a number ≥ 1, got "${raw ?? ''}"`);
      }
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  return args;
}

async function countUnits(dataSource: DataSource): Promise<number> {
  const rows: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM unit');
  return rows[0].n;
}

/** Empties every table but the migrations log, and puts back the default policy row. */
async function reset(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    const tables: { name: string }[] = await m.query(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
        WHERE schemaname = current_schema() AND tablename NOT IN ('migrations', 'typeorm_metadata')`,
    );
    await m.query(`TRUNCATE ${tables.map((t) => t.name).join(', ')} RESTART IDENTITY CASCADE`);
    await m.query('INSERT INTO policy DEFAULT VALUES');
  });
}

async function seed(dataSource: DataSource, args: Args): Promise<number> {
  const units = await countUnits(dataSource);
  if (units > 0 && !args.reset) {
    console.error(`[seed] the database already has ${units} units; pass --reset to empty it first`);
    return 1;
  }
  if (args.reset) {
    console.log('[seed] --reset: emptying every table');
    await reset(dataSource);
  }
  const started = performance.now();
  const summary = await seedDemo(dataSource, {
    scale: args.scale,
    via: args.via,
    log: (message) => console.log(`[seed] ${message}`),
  });
  const elapsed = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`[seed] ${formatSummary(summary)}`);
  console.log(`[seed] scale ${args.scale} seeded in ${elapsed} s`);
  return 0;
}

async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    console.error('[seed] refusing to seed demo data with NODE_ENV=production');
    return 1;
  }
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let dataSource: DataSource | undefined;
  const stop = async () => {
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    let url = config.databaseUrl;
    if (!url) {
      console.log(`[seed] starting embedded PostgreSQL in ${config.dataDir}`);
      embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
      await ensureDatabase(embedded.adminUrl, 'guazhi');
      url = embedded.urlFor('guazhi');
    }
    dataSource = await openDatabase(url);
    return await seed(dataSource, args);
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`[seed] ${error.message}\n${USAGE}`);
    else if (error instanceof EmbeddedDatabaseError) console.error(`[seed] ${error.message}`);
    else console.error('[seed] failed:', error);
    process.exit(1);
  },
);
