/**
 * Live updates across server instances (issue #11): two server processes on one database,
 * events crossing them through PostgreSQL LISTEN/NOTIFY. A subscriber of one instance hears of
 * changes made through the other; killing one instance loses no event for the other's
 * subscribers; the SDK of a subscriber whose instance died resumes with the last event id it saw.
 */
import type { GuazhiClient, PostingChangedSubscription } from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { collect, liveClient, type Collected } from './support/live';
import { freePort } from './support/ports';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;
let a: ServerProcess;
let b: ServerProcess;
let portA: number;
const clients: GuazhiClient[] = [];
let plannedEnd = new Date('2027-02-28T00:00:00Z');

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  portA = await freePort();
  const portB = await freePort();
  [a, b] = await Promise.all([startServerProcess(env, portA), startServerProcess(env, portB)]);
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.disconnect()));
  for (const server of [a, b]) {
    if (!server || server.child.exitCode !== null || server.child.signalCode !== null) continue;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  await env?.close();
}, 60_000);

const activeId = () => gid('Posting', world.postings.active.id);

function clientOf(server: ServerProcess): GuazhiClient {
  const client = liveClient(server.url, world.tokens.admin);
  clients.push(client);
  return client;
}

/** Extends the active posting by a day through `server`; resolves when it answered. */
async function extendThrough(server: ServerProcess): Promise<void> {
  plannedEnd = new Date(plannedEnd.getTime() + 86_400_000);
  const { extendPosting } = await clientOf(server).extendPosting({
    input: {
      postingId: activeId(),
      plannedEndDate: plannedEnd.toISOString().slice(0, 10),
      reason: '工作需要',
    },
  });
  expect(extendPosting.userErrors).toEqual([]);
}

async function lastEventId(): Promise<string> {
  const [{ id }]: { id: string }[] = await env.dataSource.query(
    'SELECT coalesce(max(id), 0)::text AS id FROM live_event',
  );
  return id;
}

/** The ids of the `posting` events of the active posting after `from`, from the table. */
async function publishedSince(from: string): Promise<string[]> {
  const rows: { id: string }[] = await env.dataSource.query(
    `SELECT id::text FROM live_event WHERE topic = 'posting' AND id > $1
      AND (payload->>'postingId')::int = $2 ORDER BY id`,
    [from, world.postings.active.id],
  );
  return rows.map((r) => r.id);
}

const idsOf = (sub: Collected<PostingChangedSubscription>) =>
  sub.events.map((e) => e.data.postingChanged.eventId);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

describe('two server processes on one database', () => {
  it('delivers to a subscriber of one instance the changes made through the other', async () => {
    const sub = collect(clientOf(a).subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: await lastEventId(),
    });
    // The first event also proves the subscription is in place; the next ones are timed.
    await extendThrough(b);
    await sub.first(1);
    const fromSent: number[] = [];
    const fromAnswer: number[] = [];
    for (let n = 2; n <= 11; n++) {
      const sent = Date.now();
      await extendThrough(b);
      const answered = Date.now();
      const events = await sub.first(n);
      fromSent.push(events[n - 1].at - sent);
      // Negative when the event arrived before the mutation's own answer.
      fromAnswer.push(events[n - 1].at - answered);
    }
    const summary = (values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return `p50 ${percentile(sorted, 50)}, max ${sorted[sorted.length - 1]}`;
    };
    console.log(
      `mutation through B → event at a subscriber of A, over ${fromSent.length} (ms): ` +
        `from sending it ${summary(fromSent)}; from its answer ${summary(fromAnswer)}`,
    );
    expect(new Set(idsOf(sub)).size).toBe(11);
    sub.subscription.unsubscribe();
  });

  it('delivers one change to 100 subscribers of the other instance', async () => {
    const from = await lastEventId();
    const subs = Array.from({ length: 5 }, () => clientOf(a)).flatMap((client) =>
      Array.from({ length: 20 }, () =>
        collect(client.subscriptions.postingChanged, { id: activeId(), afterEventId: from }),
      ),
    );
    // The first change proves every subscription is in place; the second is timed.
    await extendThrough(b);
    await Promise.all(subs.map((sub) => sub.first(1)));
    const sent = Date.now();
    await extendThrough(b);
    const arrivals = (await Promise.all(subs.map((sub) => sub.first(2)))).map(
      (events) => events[1].at - sent,
    );
    arrivals.sort((x, y) => x - y);
    console.log(
      `one change through B → 100 subscribers on A (5 connections × 20): first after ` +
        `${arrivals[0]} ms, p50 ${percentile(arrivals, 50)} ms, last ${arrivals[arrivals.length - 1]} ms`,
    );
    for (const sub of subs) {
      expect(sub.events).toHaveLength(2);
      sub.subscription.unsubscribe();
    }
  });

  it('loses no event for the other instance when one is killed, and resumes the killed one’s subscriber', async () => {
    const from = await lastEventId();
    const onB = collect(clientOf(b).subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    const onA = collect(clientOf(a).subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    await extendThrough(a);
    await onB.first(1);
    await onA.first(1);

    // Writes through both; A is killed (no drain, no goodbye) half-way.
    let acknowledged = 1;
    for (let i = 0; i < 12; i++) {
      if (i === 6) {
        const exited = new Promise((resolve) => a.child.once('exit', resolve));
        a.child.kill('SIGKILL');
        await exited;
      }
      const through = i % 2 === 0 ? a : b;
      try {
        await extendThrough(through);
        acknowledged++;
      } catch {
        expect(i).toBeGreaterThanOrEqual(6); // only A refuses, once dead
        plannedEnd = new Date(plannedEnd.getTime() - 86_400_000);
      }
    }
    const published = await publishedSince(from);
    expect(published.length).toBeGreaterThanOrEqual(acknowledged);
    await onB.first(published.length);
    expect(idsOf(onB)).toEqual(published);

    // A comes back on its port: the SDK reconnects by itself and resumes after its last event.
    const before = idsOf(onA).length;
    expect(before).toBeLessThan(published.length);
    a = await startServerProcess(env, portA);
    await onA.first(published.length);
    expect(onA.reconnects).toBeGreaterThan(0);
    expect(idsOf(onA)).toEqual(published);
    console.log(
      `instance killed: ${published.length} events published, ${idsOf(onB).length} delivered on the ` +
        `survivor, ${published.length - before} resumed on the restarted one after ${onA.reconnects} reconnect attempts`,
    );
  });
});
