import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createApp, DRAIN_GRACE_MS, type App } from './app';
import { loadConfig, type Config } from './config';
import { createLogger, describeError } from './common/logging/logger';
import { openDatabase } from './db/data-source';
import { checkPortFree, listenError, StartupError } from './common/startup-error';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { ReadReplicas } from './db/read-replicas';
import { scheduleAlertSweeps } from './modules/alert/alert-sweep';
import { seedDemoIfEmpty } from './seed/demo';

/** A stop that has not finished by then exits 1: SIGTERM must be answered within 20 s. */
const HARD_STOP_MS = 19_000;
/** A read replica that failed is tried again after this long; meanwhile others or the primary serve. */
const REPLICA_RETRY_MS = 5_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    // Before there is a logger: one plain line that says what to fix, no stack.
    console.error(`[guazhi] configuration error: ${(error as Error).message}`);
    process.exit(1);
  }
}

/** Start-up only: database (embedded or DATABASE_URL), migrations, demo seed, HTTP server. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let dataSource: DataSource | undefined;
  let readReplicas: ReadReplicas | undefined;
  let app: App | undefined;
  let sweeps: { stop: () => Promise<void> } | undefined;

  const shutdown = async (code: number) => {
    setTimeout(() => {
      logger.error('stop took too long: exiting');
      process.exit(1);
    }, HARD_STOP_MS).unref();
    const drained = await app?.stop(DRAIN_GRACE_MS).catch(() => undefined);
    await sweeps?.stop();
    await readReplicas?.close();
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    logger.info({ cutOff: drained?.forced ?? 0 }, 'stopped');
    process.exit(code);
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping: draining requests');
      void shutdown(0);
    });
  }

  try {
    await checkPortFree(config.port, config.host);
    let url = config.databaseUrl;
    if (!url) {
      logger.info({ dataDir: config.dataDir }, 'starting embedded PostgreSQL');
      embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
      await ensureDatabase(embedded.adminUrl, 'guazhi');
      url = embedded.urlFor('guazhi');
    }
    dataSource = await openDatabase(url, {
      poolSize: config.poolSize,
      preparedStatements: config.preparedStatements,
    });
    if (config.seedDemo) {
      const seeded = await seedDemoIfEmpty(dataSource, () =>
        logger.info('empty database: seeding the demo data through the services (20–60 s)…'),
      );
      if (seeded) logger.info(`demo data seeded: ${seeded}`);
    }
    if (config.databaseReplicaUrls.length > 0) {
      readReplicas = new ReadReplicas(dataSource, config.databaseReplicaUrls, {
        stickyMs: config.replicaStickyMs,
        dataSource: { poolSize: config.poolSize, preparedStatements: config.preparedStatements },
        retryMs: REPLICA_RETRY_MS,
        onDown: (replica, error) =>
          logger.warn({ replica, err: describeError(error, false) }, 'read replica left out'),
      });
    }
    app = await createApp({ dataSource, config, logger, readReplicas });
    await new Promise<void>((resolve, reject) => {
      app!.server.once('error', (error) => reject(listenError(error, config.port)));
      app!.server.listen(config.port, config.host, resolve);
    });
    sweeps = scheduleAlertSweeps(dataSource, logger);
    const loopback = !config.host || ['127.0.0.1', '::1', 'localhost'].includes(config.host);
    const shown = loopback ? 'localhost' : config.host;
    logger.info(
      { host: config.host ?? '(all interfaces)', port: config.port },
      `GraphQL and GraphiQL at http://${shown}:${config.port}/graphql`,
    );
  } catch (error) {
    // A port or a database that cannot be used is the machine's to fix: one line says how, no stack.
    if (error instanceof StartupError) logger.fatal(error.message);
    else logger.fatal({ err: describeError(error, true) }, 'failed to start');
    await shutdown(1);
  }
}

void main();
