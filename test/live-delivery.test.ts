/**
 * Live delivery under load and concurrency (issue #11, review): a resume misses no event
 * committed late (ids are taken in publication order, not commit order), the events a subscriber
 * may not read never fill its queue, one that falls behind gets RESYNC_REQUIRED and the SDK
 * resumes with nothing lost, and each batch of events is read once for every subscriber.
 */
import { Client } from 'pg';
import WebSocket from 'ws';
import { createGuazhiClient, type GuazhiClient, type GuazhiError } from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { collect, EVENT_TIMEOUT_MS, liveClient, rawSocket, within } from './support/live';
import { buildWorld, gid, type World } from './support/world';

/** Small, so that a burst of events overflows a subscriber deterministically. */
const MAX_PENDING = 5;

let env: TestEnv;
let world: World;
const clients: GuazhiClient[] = [];
const sessions: Client[] = [];

beforeAll(async () => {
  env = await createTestEnv({ wsMaxPending: MAX_PENDING, wsMaxConnections: 20 });
  world = await buildWorld(env);
}, 60_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  await Promise.all(sessions.splice(0).map((s) => s.end()));
});
afterAll(() => env?.close());

function client(token: string): GuazhiClient {
  const c = liveClient(env.url, token);
  clients.push(c);
  return c;
}

/** A database session of its own, for a transaction left open. */
async function session(): Promise<Client> {
  const s = new Client({ connectionString: env.databaseUrl });
  await s.connect();
  sessions.push(s);
  return s;
}

/** The last event id published (see live.test.ts). */
async function now(): Promise<string> {
  const [{ id }]: { id: string }[] = await env.dataSource.query(
    'SELECT coalesce(max(id), 0)::text AS id FROM live_event',
  );
  return id;
}

const activeId = () => gid('Posting', world.postings.active.id);

/** Publishes an event about the active posting in `s`'s open transaction; returns its id. */
async function publishIn(s: Client): Promise<string> {
  const { rows } = await s.query<{ id: string }>(
    `SELECT rules.publish_event('posting', jsonb_build_object('postingId', $1::int))::text AS id`,
    [world.postings.active.id],
  );
  return rows[0].id;
}

async function openTransaction(): Promise<Client> {
  const s = await session();
  await s.query('BEGIN');
  return s;
}

/** An alert about `postingId` (the world raises some), as an event payload names it. */
async function alertOf(postingId: number): Promise<{ id: number; kind: string }> {
  const [alert]: { id: number; kind: string }[] = await env.dataSource.query(
    'SELECT id, kind FROM alert WHERE posting_id = $1 ORDER BY id LIMIT 1',
    [postingId],
  );
  if (!alert) throw new Error(`the world raises no alert about posting ${postingId}`);
  return alert;
}

/** `count` alertChanged events about `postingId`'s alert in one statement (one transaction). */
async function publishAlertEvents(postingId: number, count: number): Promise<void> {
  const alert = await alertOf(postingId);
  await env.dataSource.query(
    `SELECT rules.publish_event('alert', jsonb_build_object('alertId', $1::int, 'kind', $2::text,
        'postingId', $3::int, 'change', 'RAISED')) FROM generate_series(1, $4)`,
    [alert.id, alert.kind, postingId, count],
  );
}

describe('resuming after an event', () => {
  it('also delivers an event with a lower id committed after it (two transactions interleaved)', async () => {
    const from = await now();
    const first = await openTransaction();
    const lower = await publishIn(first);
    const second = await openTransaction();
    const higher = await publishIn(second);
    expect(Number(lower)).toBeLessThan(Number(higher));
    await second.query('COMMIT');
    const admin = client(world.tokens.admin);
    const before = collect(admin.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    const [seen] = await before.first(1);
    expect(seen.data.postingChanged.eventId).toBe(higher);
    before.subscription.unsubscribe();
    // The lower id commits last, while nobody listens.
    await first.query('COMMIT');
    const resumed = collect(admin.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: higher,
    });
    const later = await publishIn(await session());
    const events = await resumed.first(2);
    expect(events.map((e) => e.data.postingChanged.eventId)).toEqual([lower, later]);
  });

  it('lets the SDK, reconnecting by itself, deliver every event once', async () => {
    const sockets: WebSocket[] = [];
    /** The SDK's WebSocket, kept to cut the connection as a network failure would. */
    class Tracked extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const sdk = createGuazhiClient({
      url: env.url,
      token: world.tokens.admin,
      // Long enough for the lower id to commit while the client is away.
      live: { webSocketImpl: Tracked, retryDelayMs: 1_500, maxRetryDelayMs: 1_500 },
    });
    clients.push(sdk);
    const from = await now();
    const sub = collect(sdk.subscriptions.postingChanged, { id: activeId(), afterEventId: from });
    // a < d < b by id; d commits, then b (both delivered live), then the connection is cut, then a.
    const slow = await openTransaction();
    const a = await publishIn(slow);
    const quick = await openTransaction();
    const d = await publishIn(quick);
    const other = await openTransaction();
    const b = await publishIn(other);
    await quick.query('COMMIT');
    await other.query('COMMIT');
    await sub.first(2);
    for (const socket of sockets) socket.terminate();
    await slow.query('COMMIT');
    const c = await publishIn(await session());
    const events = await sub.first(4);
    expect(sub.reconnects).toBeGreaterThanOrEqual(1);
    // The resume after b reads a (committed late) and d again (its transaction ran beside b's):
    // the SDK drops d, seen already.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sub.events.map((e) => e.data.postingChanged.eventId)).toEqual([d, b, a, c]);
    expect(events).toHaveLength(4);
  });
});

describe('a subscriber falling behind', () => {
  /** A subscription in place, listening live: it got a first event published after it began. */
  async function listening(token: string, postingId: number) {
    const from = await now();
    const resyncs: number[] = [];
    const ids: string[] = [];
    let ended: GuazhiError | null | undefined;
    const sdk = client(token);
    const subscription = sdk.subscriptions.alertChanged(
      { afterEventId: from },
      {
        next: (data) => ids.push(data.alertChanged.eventId),
        error: (error) => (ended = error),
        complete: () => (ended = null),
        resync: () => resyncs.push(Date.now()),
      },
    );
    await publishAlertEvents(postingId, 1);
    await waitFor(() => ids.length >= 1, 'a first event');
    return { ids, resyncs, subscription, ended: () => ended };
  }

  it('counts only the events it may read: a burst about another unit leaves it listening', async () => {
    const manager = await listening(world.tokens.managerA, world.postings.inbound.id);
    const from = Number(await now());
    // 200 events the manager of unit A may not read (C → city), then one it may.
    await publishAlertEvents(world.postings.elsewhere.id, 200);
    await publishAlertEvents(world.postings.inbound.id, 1);
    await waitFor(() => manager.ids.length >= 2, 'the readable event after the burst');
    expect(Number(manager.ids[1])).toBe(from + 201);
    expect(manager.ids).toHaveLength(2);
    expect(manager.resyncs).toEqual([]);
    expect(manager.ended()).toBeUndefined();
  });

  it('gets RESYNC_REQUIRED beyond its queue, and the SDK resumes with every event once', async () => {
    const admin = await listening(world.tokens.admin, world.postings.inbound.id);
    const from = Number(await now());
    await publishAlertEvents(world.postings.inbound.id, 200);
    await waitFor(() => admin.ids.length >= 201, 'the 200 events of the burst');
    const burst = Array.from({ length: 200 }, (_, i) => String(from + 1 + i));
    expect(admin.ids.slice(1)).toEqual(burst);
    expect(admin.resyncs.length).toBeGreaterThanOrEqual(1);
    expect(admin.ended()).toBeUndefined();
  });
});

describe('a subscriber falling behind before its first event', () => {
  /** Publishes an alertChanged event about `postingId`'s alert `count` times in `s`; the first id. */
  async function publishAlertIn(s: Client, postingId: number, count: number): Promise<number> {
    const alert = await alertOf(postingId);
    const { rows } = await s.query<{ id: string }>(
      `SELECT min(rules.publish_event('alert', jsonb_build_object('alertId', $1::int,
          'kind', $2::text, 'postingId', $3::int, 'change', 'RAISED')))::text AS id
        FROM generate_series(1, $4)`,
      [alert.id, alert.kind, postingId, count],
    );
    return Number(rows[0].id);
  }

  it('resumes where it began: an event with a lower id that commits late is not lost', async () => {
    // One transaction: an event the manager of unit A may not read (so that the burst after it
    // reaches the subscriber in one batch, nothing delivered before), then, after the late
    // event below took its id, 200 the manager may read.
    const burstTx = await openTransaction();
    await publishAlertIn(burstTx, world.postings.elsewhere.id, 1);
    // Published between them, committed only after the subscription fell behind and before it
    // resumes: the lowest id waiting, less one, is this event's own.
    const slow = await openTransaction();
    const late = await publishAlertIn(slow, world.postings.inbound.id, 1);
    const first = await publishAlertIn(burstTx, world.postings.inbound.id, 200);
    expect(first).toBe(late + 1);
    const burst = Array.from({ length: 200 }, (_, i) => String(first + i));
    const socket = await rawSocket(env.url);
    try {
      expect(await socket.init({ authorization: `Bearer ${world.tokens.managerA}` })).toEqual({
        ack: true,
      });
      const answer = socket.subscribe('1', 'subscription { alertChanged { eventId } }');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the subscription listens
      await burstTx.query('COMMIT');
      const ended = (await within(answer, 'RESYNC_REQUIRED')) as {
        type: string;
        payload: { extensions: { code: string; afterEventId: string } }[];
      };
      expect(ended.type).toBe('error');
      expect(ended.payload[0].extensions.code).toBe('RESYNC_REQUIRED');
      await slow.query('COMMIT');
      const resumed = collect(client(world.tokens.managerA).subscriptions.alertChanged, {
        afterEventId: ended.payload[0].extensions.afterEventId,
      });
      await resumed.first(201);
      await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more comes
      expect(resumed.events.map((e) => e.data.alertChanged.eventId)).toEqual([
        String(late),
        ...burst,
      ]);
    } finally {
      socket.close();
    }
  });
});

describe('the fan-out', () => {
  it('reads the alert of an event once for all its subscribers, each in its own scope', async () => {
    const tokens = [world.tokens.admin, world.tokens.analyst, world.tokens.managerA];
    const subscribers = [];
    for (let i = 0; i < 12; i++)
      subscribers.push(await listeningTo(tokens[i % 3], world.postings.inbound.id));
    const from = Number(await now());
    env.statements.reset();
    // One event every subscriber may read, one only the admins and analysts may.
    await publishAlertEvents(world.postings.inbound.id, 1);
    await publishAlertEvents(world.postings.elsewhere.id, 1);
    const after = (ids: string[]) => ids.map(Number).filter((id) => id > from);
    for (const [i, ids] of subscribers.entries()) {
      const expected = i % 3 === 2 ? [from + 1] : [from + 1, from + 2];
      await waitFor(() => after(ids).length >= expected.length, `subscriber ${i}`);
    }
    // Anything a manager could wrongly get would have come by now (it follows the first event).
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const [i, ids] of subscribers.entries())
      expect(after(ids)).toEqual(i % 3 === 2 ? [from + 1] : [from + 1, from + 2]);
    const alertReads = env.statements.statements.filter((sql) => /FROM "alert"/.test(sql));
    // Two events: at most one read each (one when both are read in one batch).
    expect(alertReads.length).toBeGreaterThanOrEqual(1);
    expect(alertReads.length).toBeLessThanOrEqual(2);
  });

  async function listeningTo(token: string, postingId: number): Promise<string[]> {
    const ids: string[] = [];
    const from = await now();
    client(token).subscriptions.alertChanged(
      { afterEventId: from },
      { next: (data) => ids.push(data.alertChanged.eventId) },
    );
    await publishAlertEvents(postingId, 1);
    await waitFor(() => ids.length >= 1, 'a first event');
    return ids;
  }
});

async function waitFor(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + EVENT_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after ${EVENT_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
