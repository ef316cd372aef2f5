import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/data-source';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { seedDemoIfEmpty } from './seed/demo';

/** Start-up only: database (embedded or DATABASE_URL), migrations, demo seed, HTTP server. */
async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    console.log(`[guazhi] starting embedded PostgreSQL in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
    await ensureDatabase(embedded.adminUrl, 'guazhi');
    url = embedded.urlFor('guazhi');
  }

  let dataSource: DataSource | undefined;
  const shutdown = async (code: number) => {
    await app?.stop().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(code);
  };
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`[guazhi] ${signal}: stopping`);
      void shutdown(0);
    });
  }

  try {
    dataSource = await openDatabase(url);
    if (config.seedDemo) {
      const seeded = await seedDemoIfEmpty(dataSource);
      if (seeded) console.log(`[guazhi] demo data seeded: ${seeded}`);
    }
    app = await createApp({ dataSource, config });
    await new Promise<void>((resolve, reject) => {
      app!.server.once('error', reject);
      app!.server.listen(config.port, resolve);
    });
    console.log(`[guazhi] GraphQL and GraphiQL at http://localhost:${config.port}/graphql`);
  } catch (error) {
    console.error('[guazhi] failed to start:', error);
    await shutdown(1);
  }
}

void main();
