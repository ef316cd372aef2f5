import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/data-source';
import {
  EmbeddedDatabaseError,
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../db/embedded';
import { AuthService } from '../auth/auth.service';
import { REGISTRY } from '../index';
import { IMPORT_USAGE, runImportCommand, UsageError } from './import.cli';

/** The process around `runImportCommand`: DATABASE_URL, or the embedded PostgreSQL of `npm start`. */
async function main(): Promise<number> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let dataSource: DataSource | undefined;
  try {
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPort);
      await ensureDatabase(embedded.adminUrl, 'guazhi');
      url = embedded.urlFor('guazhi');
    }
    dataSource = await openDatabase(url);
    const auth = new AuthService(dataSource, config);
    const deps = { dataSource, config, auth, registry: REGISTRY };
    return await runImportCommand(process.argv.slice(2), deps, (line) => console.log(line));
  } finally {
    await dataSource?.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`[import] ${error.message}\n${IMPORT_USAGE}`);
    else if (error instanceof EmbeddedDatabaseError) console.error(`[import] ${error.message}`);
    else console.error('[import] failed:', error);
    process.exit(1);
  },
);
