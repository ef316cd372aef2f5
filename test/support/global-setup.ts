import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import {
  EmbeddedDatabaseError,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../server/db/embedded';
import { freePort } from './ports';

declare global {
  var __GUAZHI_EMBEDDED__: EmbeddedDatabase | undefined;
  var __GUAZHI_EMBEDDED_DIR__: string | undefined;
}

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when set, else an embedded one in a temp
 * directory. Each test file then creates its own fresh database on it (test/support/env.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.GUAZHI_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres(dir, await freePort()).catch((error: unknown) => {
    // One line that says what to fix, not Jest's stack of the set-up.
    if (!(error instanceof EmbeddedDatabaseError)) throw error;
    console.error(`\n[guazhi] ${error.message}\n`);
    process.exit(1);
  });
  globalThis.__GUAZHI_EMBEDDED__ = server;
  globalThis.__GUAZHI_EMBEDDED_DIR__ = dir;
  process.env.GUAZHI_TEST_ADMIN_URL = server.adminUrl;
}
