/**
 * The authorization matrix of every subscription (support/authz-matrix.ts's vocabulary), over
 * WebSocket: each case subscribes with `afterEventId: "0"`, so the events the fixture's writes
 * published are replayed at once. `allowed`: an event about the row arrives; a denial: the
 * subscription ends with FORBIDDEN or NOT_FOUND, or the connection with 4401 (`unauthenticated`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGuazhiClient, type GuazhiClient } from '../sdk/src';
import { createSchema } from '../server/schema';
import { buildFixture, type Fixture } from './support/authz-fixture';
import {
  ALERT_READERS,
  casesOf,
  EVERYONE,
  FOUND_BY_ADMIN_AND_ANALYST,
  serverOutcome,
  tokenOf,
  type Matrix,
  type MatrixCase,
} from './support/authz-matrix';
import WebSocket from 'ws';
import { createTestEnv, type TestEnv } from './support/env';
import { collect, within } from './support/live';

/** Reports reach the units of both ends, the mentor of the posting and the readers of all. */
const REPORT_READERS = { ...EVERYONE, cadre: 'forbidden' } as const;

const SUBSCRIPTIONS: Matrix = {
  postingChanged: {
    'active posting A→B': {
      request: (f) => ({
        query: 'subscription ($id: ID!) { postingChanged(id: $id, afterEventId: "0") { eventId } }',
        variables: { id: f.posting.active },
      }),
      expect: EVERYONE,
    },
    'posting C→city (outside)': {
      request: (f) => ({
        query: 'subscription ($id: ID!) { postingChanged(id: $id, afterEventId: "0") { eventId } }',
        variables: { id: f.posting.elsewhere },
      }),
      expect: FOUND_BY_ADMIN_AND_ANALYST,
    },
  },
  feedbackReportSubmitted: {
    'reports of unit B, by its manager': {
      request: (f) => ({
        query:
          'subscription ($unit: ID!) { feedbackReportSubmitted(unitId: $unit, afterEventId: "0") { eventId } }',
        variables: { unit: f.unit.B },
      }),
      expect: REPORT_READERS,
    },
    'reports of unit B, by the manager of A': {
      request: (f) => ({
        query:
          'subscription ($unit: ID!) { feedbackReportSubmitted(unitId: $unit, afterEventId: "0") { eventId } }',
        variables: { unit: f.unit.B },
      }),
      expect: { ...REPORT_READERS, manager: 'forbidden' },
      manager: 'managerA',
    },
  },
  alertChanged: {
    'every alert one may read': {
      request: () => ({
        query: 'subscription { alertChanged(afterEventId: "0") { eventId } }',
      }),
      expect: ALERT_READERS,
    },
  },
};

const CODES: Record<string, string> = {
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'unauthenticated',
  NOT_FOUND: 'not-found',
};

let env: TestEnv;
let fixture: Fixture;
const clients: GuazhiClient[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  fixture = await buildFixture(env);
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.disconnect()));
  await env?.close();
});

/** What the server answered, in the matrix's vocabulary. */
async function observe(op: string, c: MatrixCase): Promise<string> {
  const row = SUBSCRIPTIONS[op][c.row];
  const { query, variables } = row.request(fixture);
  const client = createGuazhiClient({
    url: env.url,
    token: tokenOf(fixture, row, c.principal) ?? null,
    live: { webSocketImpl: WebSocket },
  });
  clients.push(client);
  const sub = collect((v, h) => client.subscribe(query, v, h), variables ?? {});
  const first = await within(
    Promise.race([sub.first(1).then(() => 'allowed'), sub.ended.then((e) => e)]),
    c.title,
  ).catch((error: Error) => error);
  sub.subscription.unsubscribe();
  if (first === 'allowed') return 'allowed';
  if (first instanceof Error && 'code' in first)
    return CODES[String(first.code)] ?? `error ${String(first.code)}: ${first.message}`;
  return `unexpected: ${String(first)}`;
}

describe('the subscription matrix', () => {
  it('has rows for every Subscription field of the schema, and for nothing else', async () => {
    const schema = await createSchema();
    const operations = Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort();
    expect(Object.keys(SUBSCRIPTIONS).sort()).toEqual(operations);
  });
});

describe.each(Object.keys(SUBSCRIPTIONS))('%s', (op) => {
  it.each(casesOf(SUBSCRIPTIONS, op))('$title', async (c) => {
    expect(await observe(op, c)).toBe(serverOutcome(c.expected));
  });
});
