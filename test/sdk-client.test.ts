/**
 * The SDK's client behaviour against a running server (issue 13): `client.paginate` over several
 * pages, GuazhiError's `code`/`path`/`requestId`, retries after lost connections (through a small
 * HTTP proxy that drops or cuts the requests it is told to), `tokenExpiresAt` and the
 * `onUnauthenticated` hook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import {
  createGuazhiClient,
  GuazhiError,
  type CandidateStatus,
  type FetchLike,
  type GuazhiClient,
  type GuazhiClientOptions,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, gid, type World } from './support/world';

/** The port of this file's proxy (4860–4869 belong to these tests). */
const PROXY_PORT = 4860;

let env: TestEnv;
let world: World;

/**
 * What the proxy does with each next request, in order; then it passes them on. `drop`: the
 * connection is closed before the server sees the request. `cut`: the server answers (a mutation
 * takes effect), then the connection is closed before the answer reaches the client.
 */
const plan: ('drop' | 'cut')[] = [];
let proxied = 0;
let proxy: http.Server;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  proxy = http.createServer((req, res) => {
    void (async () => {
      proxied++;
      const step = plan.shift();
      if (step === 'drop') return req.socket.destroy();
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = value;
      const answer = await fetch(env.url, {
        method: 'POST',
        headers,
        body: Buffer.concat(chunks),
      });
      const body = await answer.text();
      if (step === 'cut') return req.socket.destroy();
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
        'x-request-id': answer.headers.get('x-request-id') ?? '',
      });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(PROXY_PORT, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await env.close();
});
beforeEach(() => {
  plan.length = 0;
  proxied = 0;
});

const proxyUrl = () => `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;

/** The global fetch, counting the requests a client sends. */
function countingFetch(): { fetch: FetchLike; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: async (url, init) => {
      requests.push(JSON.parse(init.body).operationName);
      return fetch(url, init);
    },
  };
}

function client(options: Partial<GuazhiClientOptions> = {}): GuazhiClient {
  return createGuazhiClient({ url: env.url, token: world.tokens.admin, ...options });
}

/** The GuazhiError a call rejects with (a resolved call fails the test). */
async function rejection(call: Promise<unknown>): Promise<GuazhiError> {
  const error = await call.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuazhiError);
  return error as GuazhiError;
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe('client.paginate', () => {
  it('yields every posting exactly once across pages of one, one request per page', async () => {
    const { fetch, requests } = countingFetch();
    const admin = client({ fetch });
    const { postings } = await admin.postings({ first: 100 });
    requests.length = 0;
    const paged = await collect(
      admin.paginate.postings({ first: 1, orderBy: { field: 'START_DATE', direction: 'ASC' } }),
    );
    expect(postings.totalCount).toBe(4);
    expect(paged.map((p) => p.id).sort()).toEqual(postings.edges.map((e) => e.node.id).sort());
    expect(requests).toEqual(['Postings', 'Postings', 'Postings', 'Postings']);
  });

  it("yields a selection round's candidates (a nested list) exactly once across pages", async () => {
    const admin = client();
    const { openSelectionRound } = await admin.openSelectionRound({
      input: { name: '分页测试批次', year: 2026, postingType: 'DOWNWARD', quota: 10 },
    });
    const roundId = openSelectionRound.selectionRound!.id;
    const nominated: string[] = [];
    for (const cadre of Object.values(world.cadres)) {
      const { nominateCandidate } = await admin.nominateCandidate({
        input: { roundId, cadreId: gid('Cadre', cadre.id) },
      });
      if (nominateCandidate.candidate) nominated.push(nominateCandidate.candidate.id);
    }
    expect(nominated.length).toBeGreaterThanOrEqual(5);

    const { fetch, requests } = countingFetch();
    const candidates = await collect(
      client({ fetch }).paginate.selectionRoundCandidates({ id: roundId, first: 2 }),
    );
    expect(candidates.map((c) => c.id).sort()).toEqual([...nominated].sort());
    expect(requests.length).toBe(Math.ceil(nominated.length / 2));
    // Typed with the node type of the connection (not `any`).
    const status: CandidateStatus = candidates[0].status;
    expect(status).toBe('NOMINATED');
    // @ts-expect-error a field the candidates' selection does not have
    expect(candidates[0].notAField).toBeUndefined();
  });

  it("yields a mentorship's sessions across pages, and stops after `break` without another request", async () => {
    const admin = client();
    const mentorshipId = gid('Mentorship', world.mentorships.mentorship.id);
    for (const day of ['05', '06', '07', '08'])
      await admin.logMentorSession({
        input: { mentorshipId, date: `2026-05-${day}`, topic: `第${day}次谈话` },
      });
    const { fetch, requests } = countingFetch();
    const paging = client({ fetch }).paginate;
    const sessions = await collect(paging.mentorshipSessions({ id: mentorshipId, first: 2 }));
    expect(sessions).toHaveLength(5);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(5);
    expect(sessions.map((s) => s.topic)).toEqual(
      expect.arrayContaining(['思想交流', '第05次谈话', '第08次谈话']),
    );
    expect(requests).toHaveLength(3);

    requests.length = 0;
    for await (const session of paging.mentorshipSessions({ id: mentorshipId, first: 2 })) {
      expect(session.id).toBeTruthy();
      break;
    }
    expect(requests).toHaveLength(1);
  });

  it('yields rows with a field denied inside them (FORBIDDEN) with that field null, as partial gives them', async () => {
    const manager = client({ token: world.tokens.managerB });
    const whole = await manager.partial.postings({ first: 100 });
    expect(whole.errors.length).toBeGreaterThan(0);
    expect(whole.errors.map((e) => e.extensions?.code)).toEqual(
      whole.errors.map(() => 'FORBIDDEN'),
    );
    const paged = await collect(manager.paginate.postings({ first: 1 }));
    expect(paged.map((p) => [p.id, p.cadre?.id ?? null])).toEqual(
      whole.data!.postings.edges.map((e) => [e.node.id, e.node.cadre?.id ?? null]),
    );
  });

  it('rejects with the GuazhiError of any other error', async () => {
    const anonymous = createGuazhiClient({ url: env.url });
    const error = await rejection(collect(anonymous.paginate.postings({ first: 1 })));
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('yields nothing when the parent id is of another type', async () => {
    const id = gid('Posting', world.postings.active.id);
    expect(await collect(client().paginate.selectionRoundCandidates({ id }))).toEqual([]);
  });
});

describe('objects by global ID (node)', () => {
  it('tell the type of what an ID names: another type answers only its __typename', async () => {
    const admin = client();
    const { posting } = await admin.posting({ id: gid('Posting', world.postings.active.id) });
    if (posting?.__typename !== 'Posting') throw new Error(`expected a Posting, got ${posting}`);
    expect(posting.positionTitle).toEqual(expect.any(String));
    const other = (await admin.posting({ id: gid('Unit', world.units.unitA.id) })).posting;
    expect(other).toEqual({ __typename: 'Unit' });
    // @ts-expect-error a Posting field is not there until __typename says Posting
    void other?.positionTitle;
  });
});

describe('GuazhiError', () => {
  it('carries the code, the failed field’s path and the request id the server logged', async () => {
    const { fetch } = countingFetch();
    const ids: (string | null)[] = [];
    const analyst = client({
      token: world.tokens.analyst,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        ids.push(response.headers!.get('x-request-id'));
        return response;
      },
    });
    const error = await rejection(
      analyst.cadrePersonal({ id: gid('Cadre', world.cadres.cadreA1.id) }),
    );
    expect(error).toBeInstanceOf(GuazhiError);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.path?.[0]).toBe('cadre');
    expect(error.path).toEqual(error.errors[0].path);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(ids[0]);
  });

  it('takes the request id from the X-Request-Id header when the errors do not carry it', async () => {
    const headers: (string | null)[] = [];
    // The server puts it in both; this fetch keeps only the header.
    const headerOnly: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      headers.push(response.headers.get('x-request-id'));
      const body = (await response.json()) as { errors: { extensions: object }[] };
      for (const e of body.errors) e.extensions = { ...e.extensions, requestId: undefined };
      return {
        status: response.status,
        headers: response.headers,
        text: async () => JSON.stringify(body),
      };
    };
    const anonymous = createGuazhiClient({ url: env.url, fetch: headerOnly });
    const error = await rejection(anonymous.postings({ first: 1 }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.errors[0].extensions?.requestId).toBeUndefined();
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(headers[0]);
    const result = await anonymous.partial.me();
    expect(result.requestId).toBe(headers[1]);
  });
});

describe('retries after network errors', () => {
  const fast = { attempts: 3, baseDelayMs: 5 };
  const unitInput = (code: string) => ({
    input: {
      code,
      name: `重试测试单位${code}`,
      kind: 'GOVERNMENT_DEPARTMENT' as const,
      adminLevel: 'COUNTY' as const,
      region: '示例市',
    },
  });
  const unitsWithCode = async (code: string) =>
    (await env.dataSource.query(`SELECT id FROM unit WHERE code = $1`, [code])).length;

  it('sends a query again, with the default backoff, until it gets through', async () => {
    plan.push('drop', 'drop');
    const { me } = await client({ url: proxyUrl() }).me();
    expect(me.username).toBe('admin');
    expect(proxied).toBe(3);
  });

  it.each([
    ['gives up after `attempts` tries', fast, 3],
    ['does not retry when retry is false', false as const, 1],
  ])('%s, with NETWORK_ERROR', async (_, retry, tries) => {
    plan.push('drop', 'drop', 'drop', 'drop');
    const error = await rejection(client({ url: proxyUrl(), retry }).me());
    expect(error.code).toBe('NETWORK_ERROR');
    expect(proxied).toBe(tries);
  });

  it('fails a mutation without an idempotency key at once, even when it took effect', async () => {
    plan.push('cut');
    const error = await rejection(
      client({ url: proxyUrl(), retry: fast }).createUnit(unitInput('RETRY-NOKEY')),
    );
    expect(error.code).toBe('NETWORK_ERROR');
    expect(proxied).toBe(1);
    expect(await unitsWithCode('RETRY-NOKEY')).toBe(1);
  });

  it('retries a mutation with an idempotency key, which takes effect once', async () => {
    plan.push('cut', 'drop');
    const { createUnit } = await client({ url: proxyUrl(), retry: fast }).createUnit(
      unitInput('RETRY-KEY'),
      { idempotencyKey: 'sdk-retry-key-1' },
    );
    expect(createUnit.userErrors).toEqual([]);
    expect(createUnit.unit?.code).toBe('RETRY-KEY');
    expect(proxied).toBe(3);
    expect(await unitsWithCode('RETRY-KEY')).toBe(1);
  });

  it('never repeats an answered request with GraphQL errors', async () => {
    const { fetch, requests } = countingFetch();
    const error = await rejection(createGuazhiClient({ url: env.url, fetch, retry: fast }).me());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(requests).toHaveLength(1);
  });
});

describe('tokens', () => {
  it('shows when a login token expires, from its exp', async () => {
    const anonymous = createGuazhiClient({ url: env.url });
    expect(anonymous.tokenExpiresAt).toBeNull();
    const { login } = await anonymous.login({
      input: { username: 'admin', password: 'test-password' },
    });
    const signedIn = anonymous.withToken(login.token);
    const { exp } = jwt.decode(login.token!) as { exp: number };
    expect(signedIn.tokenExpiresAt?.getTime()).toBe(exp * 1000);
    const ttl = signedIn.tokenExpiresAt!.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(env.config.tokenTtlSeconds * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(env.config.tokenTtlSeconds * 1000);
    signedIn.setToken(null);
    expect(signedIn.tokenExpiresAt).toBeNull();
  });

  it('has no expiry for API keys and tokens that are not JWTs', async () => {
    const { createApiKey } = await client().createApiKey({
      input: { name: 'expiry-check', role: 'ANALYST' },
    });
    expect(createApiKey.secret).toMatch(/^gzk_/);
    for (const token of [createApiKey.secret!, 'a.b.c', 'a.e30.c', 'opaque'])
      expect(client({ token }).tokenExpiresAt).toBeNull();
  });

  it('calls onUnauthenticated when a response carries UNAUTHENTICATED, and not otherwise', async () => {
    const heard: GuazhiError[] = [];
    const expired = jwt.sign({ sub: '1', tv: 0 }, env.config.jwtSecret, {
      algorithm: 'HS256',
      issuer: 'guazhi',
      audience: 'guazhi-api',
      expiresIn: -60,
    });
    const options = {
      onUnauthenticated: (error: GuazhiError) => {
        heard.push(error);
        throw new Error('the hook’s own failure is not the call’s');
      },
    };
    const stale = client({ token: expired, ...options });
    expect(stale.tokenExpiresAt!.getTime()).toBeLessThan(Date.now());
    const error = await rejection(stale.me());
    expect(error).toBeInstanceOf(GuazhiError);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(heard.map((e) => e.code)).toEqual(['UNAUTHENTICATED']);
    expect(heard[0].requestId).toBe(error.requestId);

    // A subscription refused for its token tells the hook as well.
    const ended = await new Promise<GuazhiError>((resolve) =>
      client({
        token: expired,
        ...options,
        live: { webSocketImpl: WebSocket },
      }).subscriptions.alertChanged({}, { next: () => undefined, error: resolve }),
    );
    expect(ended.code).toBe('UNAUTHENTICATED');
    expect(heard.map((e) => e.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(heard[1]).toBe(ended);

    await client(options).me();
    await client({ ...options, token: null }).partial.me();
    expect(heard).toHaveLength(3);
  });
});
