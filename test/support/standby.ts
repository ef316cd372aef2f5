import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded';
import { clusterDir, serverAccount, type ServerAccount } from '../../server/db/postgres-access';
import { withClient } from './env';

/**
 * A streaming standby of an embedded primary, from the same PostgreSQL programs. The packaged
 * programs have no `pg_basebackup` (and the system's may be another major version, which it
 * refuses), so the base backup is PostgreSQL's low-level one: `pg_backup_start`, a copy of the
 * data folder, `pg_backup_stop`'s label written into the copy. A replication slot made first
 * keeps the WAL the standby then streams from the backup's start on.
 */
export async function startStandby(
  primary: EmbeddedDatabase,
  primaryDataDir: string,
  standbyDataDir: string,
  port: number,
): Promise<EmbeddedDatabase> {
  const account = serverAccount();
  const source = clusterDir(account, primaryDataDir);
  fs.mkdirSync(standbyDataDir, { recursive: true });
  // startEmbeddedPostgres opens a closed folder to the server's user in the same way.
  const target = clusterDir(account, standbyDataDir);
  const slot = `standby_${port}`;
  const client = new Client({
    connectionString: primary.adminUrl,
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
    // One session from start to stop: a non-exclusive backup ends with the session that began it.
    await client.query("SELECT pg_backup_start('guazhi standby', true)");
    copyCluster(source, target, account);
    const { rows } = await client.query<{ labelfile: string }>(
      'SELECT labelfile FROM pg_backup_stop(false)',
    );
    writeAs(account, path.join(target, 'backup_label'), rows[0].labelfile);
  } finally {
    await client.end();
  }
  const { username, password, port: primaryPort } = new URL(primary.adminUrl);
  const conninfo = `host=127.0.0.1 port=${primaryPort} user=${username} password=${decodeURIComponent(password)} application_name=standby`;
  fs.appendFileSync(
    path.join(target, 'postgresql.auto.conf'),
    `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`,
  );
  writeAs(account, path.join(target, 'standby.signal'), '');
  // The primary's password, so that the standby's start takes its cluster as its own.
  fs.copyFileSync(
    path.join(primaryDataDir, 'pg-password'),
    path.join(standbyDataDir, 'pg-password'),
  );
  const standby = await startEmbeddedPostgres(standbyDataDir, port);
  await streaming(primary);
  return standby;
}

/** Waits until a standby streams from `primary` (after its start or a restart). */
export function streaming(primary: EmbeddedDatabase): Promise<void> {
  return until(async () => {
    const { rows } = await withClient(primary.adminUrl, (c) =>
      c.query<{ state: string }>('SELECT state FROM pg_stat_replication'),
    );
    return rows.some((r) => r.state === 'streaming');
  }, 'the standby streams from the primary');
}

/**
 * Files that a base backup leaves out (PostgreSQL's list): the running server's own, and the
 * contents of the folders it empties at start. WAL comes from the primary through the slot.
 */
const LEFT_OUT_FILES = new Set(['postmaster.pid', 'postmaster.opts']);
const EMPTIED = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);

function copyCluster(from: string, to: string, account: ServerAccount, top = true): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  chownAs(account, to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED.has(entry.name)) {
        fs.mkdirSync(target, { mode: 0o700 });
        chownAs(account, target);
      } else {
        copyCluster(source, target, account, false);
      }
    } else if (!(top && LEFT_OUT_FILES.has(entry.name))) {
      try {
        fs.copyFileSync(source, target);
      } catch (error) {
        // A file the running server removed while the folder was read (a temporary one).
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      chownAs(account, target);
    }
  }
}

function writeAs(account: ServerAccount, file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  chownAs(account, file);
}

function chownAs(account: ServerAccount, file: string): void {
  if (account.switched) fs.chownSync(file, account.uid, account.gid);
}

/** Polls `condition` every 50 ms for up to 20 s. */
export async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
