import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../server/common/role';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded';
import { allowedSilenceMs, ReadReplicas } from '../server/db/read-replicas';
import { SetCalendarDaysDocument, WorkCalendarDocument } from '../sdk/src';
import { createTestEnv, StatementCounter, withClient, type TestEnv } from './support/env';
import { freePort } from './support/ports';
import { startStandby, streaming, until } from './support/standby';
import { login, user } from './support/world';

/**
 * Issue 12, "Past one server": with replicas, query operations read from a streaming standby
 * unless that would show the viewer a state older than their own last write. The test starts its
 * own primary and standby (whether or not DATABASE_URL is set), from the embedded programs.
 */
let root: string;
let primary: EmbeddedDatabase;
let standby: EmbeddedDatabase;
let env: TestEnv;
/** The statements the app's queries sent to the standby (its freshness checks bypass TypeORM). */
const onStandby = new StatementCounter();
const leftOut: string[] = [];
/** The test database on the standby. */
let standbyUrl: string;
let writer: string;
let reader: string;

const DAY = '2031-03-03';

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-replicas-'));
  // Passable by the server's own user (as root: postgres), so both clusters live in this folder
  // and go with it; behind a 0700 folder they were moved to /var/lib/guazhi and left there.
  fs.chmodSync(root, 0o711);
  primary = await startEmbeddedPostgres(path.join(root, 'primary'), await freePort());
  const standbyPort = await freePort();
  standby = await startStandby(
    primary,
    path.join(root, 'primary'),
    path.join(root, 'standby'),
    standbyPort,
  );
  env = await createTestEnv(
    {},
    {
      adminUrl: primary.adminUrl,
      readReplicas: (databaseUrl, primaryDataSource) => {
        const replicaUrl = new URL(databaseUrl);
        replicaUrl.port = String(standbyPort);
        standbyUrl = replicaUrl.toString();
        return new ReadReplicas(primaryDataSource, [standbyUrl], {
          stickyMs: 60_000,
          retryMs: 300,
          onDown: (replica) => leftOut.push(replica),
          dataSource: { logger: onStandby, poolSize: 3 },
        });
      },
    },
  );
  await user(env.dataSource, 'writer', Role.ORG_ADMIN);
  await user(env.dataSource, 'reader', Role.ORG_ADMIN);
  writer = await login(env, 'writer');
  reader = await login(env, 'reader');
  await caughtUp();
});

afterAll(async () => {
  await env?.close();
  await standby?.stop();
  await primary?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** The standby has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const [target] = await env.dataSource.query('SELECT pg_current_wal_lsn()::text AS lsn');
  await until(
    () =>
      withClient(standby.adminUrl, async (c) => {
        const { rows } = await c.query<{ done: boolean }>(
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
          [target.lsn],
        );
        return rows[0].done;
      }),
    'the standby has replayed the primary',
  );
}

/** The day's name as `token`'s viewer reads it, and how many statements the standby served. */
async function dayName(token: string): Promise<{ name: string | null; fromStandby: number }> {
  onStandby.reset();
  const res = await env.graphql(WorkCalendarDocument, { from: DAY, to: DAY }, token);
  expect(res.errors).toBeUndefined();
  return { name: res.data!.workCalendar.days[0].name ?? null, fromStandby: onStandby.count };
}

const setDay = (name: string) =>
  env.graphql(
    SetCalendarDaysDocument,
    { input: { days: [{ date: DAY, isWorkingDay: false, name }] } },
    writer,
  );

const standbyQuery = (sql: string) =>
  withClient(standby.adminUrl, async (c) => (await c.query(sql)).rows);

describe('read replicas (DATABASE_REPLICA_URLS)', () => {
  it('keeps both clusters in the test’s own folder, removed with it', () => {
    for (const cluster of ['primary', 'standby']) {
      expect(fs.existsSync(path.join(root, cluster, 'pg', 'PG_VERSION'))).toBe(true);
    }
  });

  it('serves a query operation from the standby, over its own connections', async () => {
    const [{ recovering }] = await standbyQuery('SELECT pg_is_in_recovery() AS recovering');
    expect(recovering).toBe(true);
    const read = await dayName(reader);
    expect(read.fromStandby).toBeGreaterThan(0);
    const [{ n }] = await standbyQuery(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'guazhi-replica'",
    );
    expect(n).toBeGreaterThan(0);
  });

  it('lets no viewer read a state older than their own write while the standby lags', async () => {
    await standbyQuery('SELECT pg_wal_replay_pause()');
    await until(
      async () =>
        (await standbyQuery('SELECT pg_get_wal_replay_pause_state() AS s'))[0].s === 'paused',
      'replay is paused',
    );
    onStandby.reset();
    const res = await setDay('Replica day');
    // The same request: the payload is read after the commit, from the primary.
    expect(res.data?.setCalendarDays.userErrors).toEqual([]);
    expect(res.data?.setCalendarDays.days?.[0].name).toBe('Replica day');
    expect(onStandby.count).toBe(0);
    // The writer's next query: the standby has not replayed the write, so the primary serves it.
    expect(await dayName(writer)).toEqual({ name: 'Replica day', fromStandby: 0 });
    // Another viewer reads the standby and sees the day as it was: it really lags.
    const other = await dayName(reader);
    expect(other.fromStandby).toBeGreaterThan(0);
    expect(other.name).toBeNull();

    await standbyQuery('SELECT pg_wal_replay_resume()');
    await caughtUp();
    // Replayed: the writer reads from the standby again, and sees their write there.
    const again = await dayName(writer);
    expect(again.name).toBe('Replica day');
    expect(again.fromStandby).toBeGreaterThan(0);
  });

  it('leaves a standby out for every viewer once its replay is stuck longer than the window', async () => {
    // What bounds staleness across instances, where the writer's position is not known.
    const replicas = new ReadReplicas(env.dataSource, [standbyUrl], {
      stickyMs: 1_000,
      retryMs: 300,
    });
    try {
      await setDay('Before the pause');
      await caughtUp();
      expect(await replicas.forQuery(null)).not.toBe(env.dataSource);
      await standbyQuery('SELECT pg_wal_replay_pause()');
      await setDay('After the pause');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await replicas.forQuery(null)).toBe(env.dataSource);
      await standbyQuery('SELECT pg_wal_replay_resume()');
      await caughtUp();
      expect(await replicas.forQuery(null)).not.toBe(env.dataSource);
    } finally {
      await standbyQuery('SELECT pg_wal_replay_resume()');
      await replicas.close();
    }
  });

  it('answers reads from the primary while the standby is down, and uses it again once back', async () => {
    await standby.restart('fast', async () => {
      for (let i = 0; i < 3; i++) {
        expect(await dayName(reader)).toEqual({ name: 'After the pause', fromStandby: 0 });
      }
    });
    expect(leftOut).toContain('replica 1');
    await streaming(primary);
    await caughtUp();
    await new Promise((resolve) => setTimeout(resolve, 350)); // past retryMs
    const back = await dayName(reader);
    expect(back).toEqual({ name: 'After the pause', fromStandby: expect.any(Number) as number });
    expect(back.fromStandby).toBeGreaterThan(0);
  });

  it('leaves out a standby that stops answering on its open connections, within the check’s 1 s', async () => {
    await dayName(reader); // the replica pool has open connections again
    const rows = await standbyQuery(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'guazhi-replica'",
    );
    const pids = rows.map((r: { pid: number }) => r.pid);
    expect(pids.length).toBeGreaterThan(0);
    leftOut.length = 0;
    // Frozen backends: the connections stay open and nothing answers (a host gone silent).
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    const thaw = () => pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
    // Thawed even if the request hangs (the check without its timeout), so the cleanup can stop them.
    const safety = setTimeout(thaw, 15_000);
    try {
      const started = Date.now();
      expect(await dayName(reader)).toEqual({ name: 'After the pause', fromStandby: 0 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(leftOut).toEqual(['replica 1']);
    } finally {
      clearTimeout(safety);
      thaw();
    }
  });

  it('leaves out a standby that no longer hears from its primary, within the allowed silence', async () => {
    // Pinged after 5 s of silence, so a healthy idle standby may be silent up to 6 s
    // (allowedSilenceMs); it would give up on the primary itself only after 10 s.
    await standbyQuery("ALTER SYSTEM SET wal_receiver_timeout = '10s'");
    await standbyQuery('SELECT pg_reload_conf()');
    const replicas = new ReadReplicas(env.dataSource, [standbyUrl], {
      stickyMs: 1_000,
      retryMs: 300,
    });
    const [sender] = await withClient(
      primary.adminUrl,
      async (c) => (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_replication')).rows,
    );
    const thaw = () => process.kill(sender.pid, 'SIGCONT');
    const safety = setTimeout(thaw, 30_000);
    try {
      expect(allowedSilenceMs(1_000, 10_000)).toBe(6_000);
      // An idle primary sends nothing, but the standby hears its keepalives: still served.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(await replicas.forQuery(null)).not.toBe(env.dataSource);
      // Heard from just now (so that the silence starts at the cut, for either rule), then the
      // primary's walsender frozen: the connection stays open and nothing arrives (a host or
      // network gone silent). A write then never reaches the standby, whose replay looks current.
      await setDay('Before the cut');
      await caughtUp();
      process.kill(sender.pid, 'SIGSTOP');
      const cut = Date.now();
      await setDay('While cut off');
      let leftAfter: number | null = null;
      while (Date.now() - cut < 9_000) {
        if ((await replicas.forQuery(null)) === env.dataSource) {
          leftAfter = Date.now() - cut;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(leftAfter).not.toBeNull();
      // 6 s and a check's round trip; the receiver would give up at 10 s.
      expect(leftAfter).toBeLessThanOrEqual(7_000);
    } finally {
      clearTimeout(safety);
      thaw();
      await replicas.close();
      await standbyQuery('ALTER SYSTEM RESET wal_receiver_timeout');
      await standbyQuery('SELECT pg_reload_conf()');
    }
    await streaming(primary);
    await caughtUp();
  });
  it('leaves out, and logs, a standby whose role may not read its WAL receiver’s details', async () => {
    await env.dataSource.query("CREATE ROLE replica_reader LOGIN PASSWORD 'reader-secret'");
    await caughtUp();
    const url = new URL(standbyUrl);
    url.username = 'replica_reader';
    url.password = 'reader-secret';
    const down: unknown[] = [];
    const replicas = new ReadReplicas(env.dataSource, [url.toString()], {
      stickyMs: 1_000,
      retryMs: 300,
      onDown: (_, error) => down.push(error),
    });
    try {
      expect(await replicas.forQuery(null)).toBe(env.dataSource);
      expect(String(down[0])).toMatch(/pg_read_all_stats/);
    } finally {
      await replicas.close();
    }
  });
});
