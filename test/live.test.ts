/**
 * Subscriptions over WebSocket (issue #11, live updates) on one server: authentication in
 * connection_init, row scope and field rules on every event, credentials checked again, replay
 * with afterEventId, the LISTEN connection's recovery, and HTTP's protections over WebSocket.
 * Two server processes: live-instances.test.ts.
 */
import {
  AcknowledgeAlertDocument,
  CreateApiKeyDocument,
  DeactivateUserDocument,
  ExtendPostingDocument,
  RevokeApiKeyDocument,
  RevokeUserTokensDocument,
  SubmitFeedbackReportDocument,
  type GuazhiClient,
} from '../sdk/src';
import {
  PostingChangedPersonalDocument,
  type PostingChangedPersonalSubscription,
  type PostingChangedPersonalSubscriptionVariables as Vars,
} from './generated/graphql';
import { Role } from '../server/common/role';
import { LiveHub, listenConfigOf } from '../server/modules/live/live-hub';
import { FeedbackReport } from '../server/modules/report/feedback-report.entity';
import { createTestEnv, type TestEnv } from './support/env';
import { collect, liveClient, rawSocket, within } from './support/live';
import { mutate } from './support/mutations';
import { buildWorld, gid, insert, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;
const clients: GuazhiClient[] = [];
/** Each extension moves the active posting's planned end one day later. */
let plannedEnd = new Date('2027-02-28T00:00:00Z');

beforeAll(async () => {
  env = await createTestEnv({ wsMaxSubscriptions: 3, wsMaxConnections: 3 });
  world = await buildWorld(env);
}, 60_000);
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
});
afterAll(() => env?.close());

function client(token: string): GuazhiClient {
  const c = liveClient(env.url, token);
  clients.push(c);
  return c;
}

const activeId = () => gid('Posting', world.postings.active.id);

/** Extends the active posting by a day (ORG_ADMIN, over HTTP): one `posting` event. */
async function extendActive(): Promise<string> {
  plannedEnd = new Date(plannedEnd.getTime() + 86_400_000);
  const date = plannedEnd.toISOString().slice(0, 10);
  const payload = await mutate(
    env,
    ExtendPostingDocument,
    { postingId: activeId(), plannedEndDate: date, reason: '工作需要' },
    world.tokens.admin,
  );
  expect(payload.userErrors).toEqual([]);
  return date;
}

/**
 * The last event id published: subscribing with it as afterEventId delivers every later event,
 * however long the subscription takes to be set up (a test has no other way to know it is).
 */
async function now(): Promise<string> {
  const [{ id }]: { id: string }[] = await env.dataSource.query(
    'SELECT coalesce(max(id), 0)::text AS id FROM live_event',
  );
  return id;
}

describe('the WebSocket endpoint', () => {
  it('still refuses a subscription over HTTP, pointing to WebSocket', async () => {
    const res = await env.rawGraphql(
      `subscription { postingChanged(id: "${activeId()}") { eventId } }`,
      {},
      world.tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('SUBSCRIPTIONS_NOT_SUPPORTED');
    expect(res.errors?.[0].message).toMatch(/WebSocket/);
  });

  it('closes with 4401 when connection_init carries no, or a bad, credential', async () => {
    for (const payload of [undefined, { authorization: 'Bearer nope' }, { apiKey: 'gzk_x' }]) {
      const socket = await rawSocket(env.url);
      expect(await socket.init(payload)).toMatchObject({ closed: 4401 });
    }
  });

  it('signs in with a token, or with an API key as { apiKey }', async () => {
    const socket = await rawSocket(env.url);
    expect(await socket.init({ authorization: `Bearer ${world.tokens.admin}` })).toEqual({
      ack: true,
    });
    socket.close();
    const created = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '大屏', role: 'ANALYST' },
      world.tokens.admin,
    );
    const keySocket = await rawSocket(env.url);
    expect(await keySocket.init({ apiKey: created.secret })).toEqual({ ack: true });
    keySocket.close();
  });

  it('serves only subscriptions: a query is sent to HTTP', async () => {
    const socket = await rawSocket(env.url);
    await socket.init({ authorization: `Bearer ${world.tokens.admin}` });
    const answer = await socket.subscribe('1', '{ me { id } }');
    expect(answer).toMatchObject({ type: 'error' });
    expect(JSON.stringify(answer)).toMatch(/HTTP POST/);
    socket.close();
  });
});

describe('postingChanged', () => {
  it('delivers each committed change, with its event id and the posting as it is now', async () => {
    const admin = client(world.tokens.admin);
    const from = await now();
    const sub = collect(admin.subscriptions.postingChanged, { id: activeId(), afterEventId: from });
    // The subscription is in place once a first event arrives: keep changing until one does.
    const date = await extendActive();
    const sent = Date.now();
    const [first] = await sub.first(1);
    console.log(`postingChanged on one server: event after ${first.at - sent} ms`);
    expect(first.data.postingChanged.posting).toMatchObject({
      id: activeId(),
      plannedEndDate: date,
    });
    expect(first.data.postingChanged.eventId).toMatch(/^\d+$/);
    expect(first.errors).toEqual([]);
    sub.subscription.unsubscribe();
  });

  it('replays what was missed after afterEventId, then goes on live', async () => {
    const admin = client(world.tokens.admin);
    const from = await now();
    const live = collect(admin.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    await extendActive();
    const [seen] = await live.first(1);
    live.subscription.unsubscribe();
    const missed = [await extendActive(), await extendActive()];
    const resumed = collect(admin.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: seen.data.postingChanged.eventId,
    });
    const replayed = await resumed.first(2);
    // Each event is read now: both show the posting as it is after the second change.
    expect(replayed.map((e) => e.data.postingChanged.posting.plannedEndDate)).toEqual([
      missed[1],
      missed[1],
    ]);
    const ids = replayed.map((e) => Number(e.data.postingChanged.eventId));
    expect(ids[0]).toBeGreaterThan(Number(seen.data.postingChanged.eventId));
    expect(ids[1]).toBeGreaterThan(ids[0]);
    const after = await extendActive();
    const [, , third] = await resumed.first(3);
    expect(third.data.postingChanged.posting.plannedEndDate).toBe(after);
    expect(Number(third.data.postingChanged.eventId)).toBeGreaterThan(ids[1]);
  });

  it('replays more kept events than one page holds, each once and in order', async () => {
    const from = await now();
    // 1 005 events about the posting (more than MAX_REPLAY = 1 000), published in one statement.
    await env.dataSource.query(
      `SELECT rules.publish_event('posting', jsonb_build_object('postingId', $1::int))
        FROM generate_series(1, 1005)`,
      [world.postings.active.id],
    );
    const admin = client(world.tokens.admin);
    const sub = collect(admin.subscriptions.postingChanged, { id: activeId(), afterEventId: from });
    const events = await sub.first(1005);
    const ids = events.map((e) => Number(e.data.postingChanged.eventId));
    expect(new Set(ids).size).toBe(1005);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids[0]).toBeGreaterThan(Number(from));
  });

  it('answers NOT_FOUND for a posting the viewer may not read, FORBIDDEN-free for one they may', async () => {
    const manager = client(world.tokens.managerA);
    const sub = collect(manager.subscriptions.postingChanged, {
      id: gid('Posting', world.postings.elsewhere.id),
    });
    const error = await within(sub.ended, 'refusal');
    expect(error?.code).toBe('NOT_FOUND');
  });

  it("nulls an analyst's personal data in every event, as a query does", async () => {
    const analyst = client(world.tokens.analyst);
    const admin = client(world.tokens.admin);
    const from = await now();
    const seenByAnalyst = collect<Vars, PostingChangedPersonalSubscription>(
      (v, h) => analyst.subscribe(PostingChangedPersonalDocument, v, h),
      { id: activeId(), afterEventId: from },
    );
    const seenByAdmin = collect<Vars, PostingChangedPersonalSubscription>(
      (v, h) => admin.subscribe(PostingChangedPersonalDocument, v, h),
      { id: activeId(), afterEventId: from },
    );
    await extendActive();
    const [forAnalyst] = await seenByAnalyst.first(1);
    const [forAdmin] = await seenByAdmin.first(1);
    expect(forAdmin.data.postingChanged.posting.cadre?.idNumber).toEqual(expect.any(String));
    expect(forAdmin.data.postingChanged.posting.cadre?.phone).toEqual(expect.any(String));
    const cadre = forAnalyst.data.postingChanged.posting.cadre;
    expect(cadre?.name).toBe('李明');
    expect([cadre?.idNumber, cadre?.phone, cadre?.birthDate]).toEqual([null, null, null]);
    expect(forAnalyst.errors.map((e) => e.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });
});

describe('feedbackReportSubmitted', () => {
  it("never delivers a report outside the subscriber's row scope, even an event naming their unit", async () => {
    const manager = client(world.tokens.managerB);
    const unitB = gid('Unit', world.units.unitB.id);
    const from = await now();
    const sub = collect(manager.subscriptions.feedbackReportSubmitted, {
      unitId: unitB,
      afterEventId: from,
    });
    // A report on school C's posting (C → city), then an event about it that names unit B.
    const foreign = await insert(env.dataSource, FeedbackReport, {
      postingId: world.postings.elsewhere.id,
      period: '2026-Q2',
      daysOnSite: 50,
    });
    await env.dataSource.query(`SELECT rules.publish_event('feedbackReport', $1::jsonb)`, [
      JSON.stringify({
        reportId: foreign.id,
        postingId: world.postings.elsewhere.id,
        receivingUnitId: world.units.unitB.id,
        sendingUnitId: world.units.unitC.id,
      }),
    ]);
    const submitted = await mutate(
      env,
      SubmitFeedbackReportDocument,
      {
        postingId: activeId(),
        period: '2026-Q3',
        daysOnSite: 50,
        politicalConduct: '政治坚定',
        performance: '积极肯干',
        problems: '',
      },
      world.tokens.managerB,
    );
    expect(submitted.userErrors).toEqual([]);
    // Events of one subscription arrive in order: the first is B's own report.
    const [first] = await sub.first(1);
    expect(first.data.feedbackReportSubmitted.report.id).toBe(submitted.feedbackReport?.id);
    expect(first.data.feedbackReportSubmitted.report.posting?.id).toBe(activeId());
    expect(sub.events.map((e) => e.data.feedbackReportSubmitted.report.id)).not.toContain(
      gid('FeedbackReport', foreign.id),
    );
  });

  it("refuses a unit manager another unit's reports, and a cadre any (FORBIDDEN)", async () => {
    const unitB = gid('Unit', world.units.unitB.id);
    for (const token of [world.tokens.managerA, world.tokens.cadre]) {
      const sub = collect(client(token).subscriptions.feedbackReportSubmitted, { unitId: unitB });
      expect((await within(sub.ended, 'refusal'))?.code).toBe('FORBIDDEN');
    }
  });
});

describe('alertChanged', () => {
  /** Lengthens, then restores, the mentor deadline: UNMANAGED_POSTING cleared, then raised again. */
  async function clearAndRaise(): Promise<void> {
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 3650');
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 30');
  }

  it("delivers a unit manager's alerts only, and an admin's by unit, with each change", async () => {
    const inbound = gid('Posting', world.postings.inbound.id); // B → A, active, no mentor
    const elsewhere = gid('Posting', world.postings.elsewhere.id); // C → city
    const from = await now();
    const manager = collect(client(world.tokens.managerA).subscriptions.alertChanged, {
      filter: { kinds: ['UNMANAGED_POSTING'] },
      afterEventId: from,
    });
    const byUnit = collect(client(world.tokens.admin).subscriptions.alertChanged, {
      filter: { unitIds: [gid('Unit', world.units.unitC.id)] },
      afterEventId: from,
    });
    await clearAndRaise();
    const [cleared, raised] = await manager.first(2);
    // A later event the manager may read: anything about another unit's posting came before it.
    const acknowledged = await mutate(
      env,
      AcknowledgeAlertDocument,
      { id: raised.data.alertChanged.alert.id, note: '已安排导师' },
      world.tokens.managerA,
    );
    expect(acknowledged.userErrors).toEqual([]);
    const seen = await manager.first(3);
    expect(
      seen.map((e) => [e.data.alertChanged.change, e.data.alertChanged.alert.posting?.id]),
    ).toEqual([
      ['CLEARED', inbound],
      ['RAISED', inbound],
      ['ACKNOWLEDGED', inbound],
    ]);
    expect(cleared.data.alertChanged.alert.clearedOn).not.toBeNull();
    expect(seen[2].data.alertChanged.alert.acknowledgementNote).toBe('已安排导师');
    const [first, second] = await byUnit.first(2);
    expect(
      [first, second].map((e) => [
        e.data.alertChanged.change,
        e.data.alertChanged.alert.posting?.id,
      ]),
    ).toEqual([
      ['CLEARED', elsewhere],
      ['RAISED', elsewhere],
    ]);
  });

  it('refuses mentors and cadres (FORBIDDEN)', async () => {
    for (const token of [world.tokens.mentor, world.tokens.cadre]) {
      const sub = collect(client(token).subscriptions.alertChanged, {});
      expect((await within(sub.ended, 'refusal'))?.code).toBe('FORBIDDEN');
    }
  });
});

describe('credentials checked again', () => {
  async function watcher(name: string) {
    const created = await user(env.dataSource, name, Role.ORG_ADMIN);
    const token = await login(env, name);
    const watching = client(token);
    const from = await now();
    const sub = collect(watching.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    await extendActive();
    await sub.first(1);
    return { id: gid('User', created.id), token, sub };
  }

  it('ends the subscription at once when the token is revoked (UNAUTHENTICATED)', async () => {
    const { id, sub } = await watcher('watcher1');
    const revoked = await mutate(env, RevokeUserTokensDocument, { userId: id }, world.tokens.admin);
    expect(revoked.userErrors).toEqual([]);
    const ended = await within(sub.ended, 'end after revocation');
    expect(ended?.code).toBe('UNAUTHENTICATED');
    const count = sub.events.length;
    await extendActive();
    // Later changes reach other subscribers, not this one.
    const admin = client(world.tokens.admin);
    const from = await now();
    const other = collect(admin.subscriptions.postingChanged, {
      id: activeId(),
      afterEventId: from,
    });
    await extendActive();
    await other.first(1);
    expect(sub.events.length).toBe(count);
  });

  it('ends it when the user is deactivated, and refuses the token on a new connection', async () => {
    const { id, token, sub } = await watcher('watcher2');
    await mutate(env, DeactivateUserDocument, { userId: id }, world.tokens.admin);
    expect((await within(sub.ended, 'end after deactivation'))?.code).toBe('UNAUTHENTICATED');
    const socket = await rawSocket(env.url);
    expect(await socket.init({ authorization: `Bearer ${token}` })).toMatchObject({
      closed: 4401,
    });
  });
});

describe('API keys checked again', () => {
  it('ends the subscription when its API key is revoked (UNAUTHENTICATED)', async () => {
    const created = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '监测系统', role: 'ANALYST' },
      world.tokens.admin,
    );
    const keyed = client(created.secret!); // the SDK sends a key as { apiKey }
    const from = await now();
    const sub = collect(keyed.subscriptions.postingChanged, { id: activeId(), afterEventId: from });
    await extendActive();
    await sub.first(1);
    const revoked = await mutate(
      env,
      RevokeApiKeyDocument,
      { apiKeyId: created.apiKey!.id },
      world.tokens.admin,
    );
    expect(revoked.userErrors).toEqual([]);
    expect((await within(sub.ended, 'end after revoking the key'))?.code).toBe('UNAUTHENTICATED');
  });
});

describe("HTTP's protections over WebSocket", () => {
  async function signedInSocket() {
    const socket = await rawSocket(env.url);
    await socket.init({ authorization: `Bearer ${world.tokens.admin}` });
    return socket;
  }
  const codeOf = (answer: unknown) =>
    (answer as { payload?: { extensions?: { code?: string } }[] }).payload?.[0]?.extensions?.code;

  it('refuses a document over its bounds, too deep, with too many aliases or too costly', async () => {
    const id = activeId();
    const manyFields = `subscription { postingChanged(id: "${id}") { eventId ${Array.from(
      { length: 700 },
      (_, i) => `posting { f${i}: id }`,
    ).join(' ')} } }`;
    const deep = `subscription { postingChanged(id: "${id}") { posting { cadre { homeUnit { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } } }`;
    const aliases = `subscription { postingChanged(id: "${id}") { ${Array.from(
      { length: 25 },
      (_, i) => `e${i}: eventId`,
    ).join(' ')} } }`;
    const lists = `evaluations(first: 100) { nodes { id } } mentorships(first: 100) { nodes { id } } feedbackReports(first: 100) { nodes { id } }`;
    const selection = `evaluations(first: 100) { nodes { posting { ${lists} } } }`;
    const costly = `subscription { postingChanged(id: "${id}") { posting { ${selection} } } }`;
    const socket = await signedInSocket();
    const answers = {
      bounds: codeOf(await socket.subscribe('1', manyFields)),
      depth: codeOf(await socket.subscribe('2', deep)),
      aliases: codeOf(await socket.subscribe('3', aliases)),
      cost: codeOf(await socket.subscribe('4', costly)),
    };
    expect(answers).toEqual({
      bounds: 'DOCUMENT_TOO_COMPLEX',
      depth: 'GRAPHQL_VALIDATION_FAILED',
      aliases: 'GRAPHQL_VALIDATION_FAILED',
      cost: 'QUERY_TOO_COMPLEX',
    });
    // The same selection as a query over HTTP is refused with the same code.
    const http = await env.rawGraphql(
      `{ node(id: "${id}") { ... on Posting { ${selection} } } }`,
      {},
      world.tokens.admin,
    );
    expect(http.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    socket.close();
  });

  it('caps subscriptions per connection and connections per user', async () => {
    const socket = await signedInSocket();
    const id = activeId();
    const doc = `subscription { postingChanged(id: "${id}") { eventId } }`;
    // Three are held (no answer until an event); the fourth is refused at once.
    for (const n of [1, 2, 3]) void socket.subscribe(String(n), doc);
    const fourth = await socket.subscribe('4', doc);
    expect(codeOf(fourth)).toBe('RATE_LIMITED');
    socket.close();

    const token = await login(env, 'analyst');
    const sockets = [];
    for (let i = 0; i < 3; i++) {
      const s = await rawSocket(env.url);
      expect(await s.init({ authorization: `Bearer ${token}` })).toEqual({ ack: true });
      sockets.push(s);
    }
    const extra = await rawSocket(env.url);
    expect(await extra.init({ authorization: `Bearer ${token}` })).toMatchObject({
      closed: 4429,
    });
    for (const s of sockets) s.close();
  });
});

describe('the LISTEN connection', () => {
  it('comes back after its backend is killed, and delivers what was published meanwhile', async () => {
    const admin = client(world.tokens.admin);
    const from = await now();
    const sub = collect(admin.subscriptions.postingChanged, { id: activeId(), afterEventId: from });
    await extendActive();
    await sub.first(1);
    const [{ killed }]: { killed: number }[] = await env.dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'guazhi-live'`,
    );
    expect(killed).toBeGreaterThanOrEqual(1);
    // Published while the server has no LISTEN connection (it waits 100 ms before reconnecting).
    const date = await extendActive();
    const [, second] = await sub.first(2);
    expect(second.data.postingChanged.posting.plannedEndDate).toBe(date);
  });

  it('purges events older than the retention, keeping the newer ones', async () => {
    const hub = new LiveHub(env.dataSource, {
      connection: listenConfigOf(env.dataSource),
      retentionHours: 24,
      log: (error) => {
        throw error;
      },
    });
    const [old] = await env.dataSource.query(
      `INSERT INTO live_event (topic, payload, created_at)
        VALUES ('posting', '{}', now() - interval '25 hours') RETURNING id`,
    );
    const [recent] = await env.dataSource.query(
      `INSERT INTO live_event (topic, payload) VALUES ('posting', '{}') RETURNING id`,
    );
    expect(await hub.purge()).toBeGreaterThanOrEqual(1);
    const left: { id: string }[] = await env.dataSource.query(
      'SELECT id FROM live_event WHERE id = ANY($1)',
      [[old.id, recent.id]],
    );
    expect(left.map((r) => r.id)).toEqual([recent.id]);
  });
});
