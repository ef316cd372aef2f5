/**
 * Trusted documents (可信文档, persisted documents; issue 13): the committed manifest holds every
 * SDK operation under the SHA-256 of its exact text; the SDK sends ids with `trustedDocuments:
 * true`; the server resolves them (GraphQL-over-HTTP `documentId`, Apollo's `persistedQuery`),
 * and holds to manifest documents, over HTTP and WebSocket, the viewers GUAZHI_TRUSTED_DOCUMENTS_ONLY
 * names (here ANALYST; API_KEYS in a server of its own) and API keys made `trustedDocumentsOnly`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as sdk from '../sdk/src';
import {
  CreateApiKeyDocument,
  createGuazhiClient,
  MeDocument,
  operations,
  subscriptions,
  type FetchLike,
  type GuazhiClient,
  type GuazhiClientOptions,
} from '../sdk/src';
import { ExtendPostingDocument } from '../sdk/src';
import { generateSdk } from '../sdk/scripts/generate';
import {
  loadTrustedDocuments,
  TrustedDocuments,
} from '../server/common/trusted-documents/manifest';
import { createTestEnv, type TestEnv } from './support/env';
import { collect, rawSocket } from './support/live';
import { mutate } from './support/mutations';
import { Role } from '../server/common/role';
import { GRAPHIQL_DOCUMENTS } from '../server/graphiql/documents';
import { buildWorld, gid, PASSWORD, user, type World } from './support/world';

const MANIFEST_PATH = path.join(__dirname, '..', 'sdk', 'persisted-documents.json');
const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>;
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A third party's own documents, in Apollo's manifest format with a custom id. */
const THIRD_PARTY = 'query ThirdPartyPostingCount { postings(first: 1) { totalCount } }';
const FREE_FORM = '{ postings(first: 1) { totalCount } }';

let env: TestEnv;
let world: World;
let folder: string;
const clients: GuazhiClient[] = [];

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'guazhi-trusted-'));
  const extra = path.join(folder, 'acme.json');
  writeFileSync(
    extra,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: 'x-acme:count', name: 'ThirdPartyPostingCount', type: 'query', body: THIRD_PARTY },
      ],
    }),
  );
  env = await createTestEnv({
    trustedDocumentFiles: [extra],
    trustedDocumentsOnly: { roles: ['ANALYST'], apiKeys: false, anonymous: false },
  });
  world = await buildWorld(env);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
});
afterAll(async () => {
  await env?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The SDK's generated documents that carry an id: every query, mutation and subscription. */
function hashedDocuments(): [string, string, string][] {
  return Object.entries(sdk)
    .filter(([name, value]) => name.endsWith('Document') && value instanceof String)
    .map(([name, value]) => [
      name,
      String(value),
      (value as { __meta__?: { hash?: string } }).__meta__?.hash ?? '',
    ]);
}

/** A client that records each request body it sends. */
function recordingClient(options: Partial<GuazhiClientOptions>) {
  const bodies: Record<string, unknown>[] = [];
  const fetchFn: FetchLike = (url, init) => {
    bodies.push(JSON.parse(init.body) as Record<string, unknown>);
    return fetch(url, init);
  };
  const client = createGuazhiClient({
    url: env.url,
    fetch: fetchFn,
    live: { webSocketImpl: WebSocket, retryDelayMs: 100, maxRetryDelayMs: 500 },
    ...options,
  });
  clients.push(client);
  return { client, bodies };
}

async function post(body: unknown, token?: string, method: 'POST' | 'GET' = 'POST') {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const res =
    method === 'POST'
      ? await fetch(env.url, { method, headers, body: JSON.stringify(body) })
      : await fetch(
          `${env.url}?${new URLSearchParams(body as Record<string, string>).toString()}`,
          { headers: { ...headers, 'apollo-require-preflight': 'true' } },
        );
  return {
    status: res.status,
    ...((await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions: Record<string, unknown> }[];
    }),
  };
}

describe('the manifest', () => {
  it('holds every SDK operation under the SHA-256 of the exact text the SDK sends, and nothing else', () => {
    const documents = hashedDocuments();
    const operationCount = Object.keys(operations).length + Object.keys(subscriptions).length;
    expect(documents).toHaveLength(operationCount);
    for (const [name, text, id] of documents) {
      expect({ name, id }).toEqual({ name, id: sha256(text) });
      expect(manifest[id]).toBe(text);
    }
    expect(Object.keys(manifest).sort()).toEqual(documents.map(([, , id]) => id).sort());
    for (const [id, text] of Object.entries(manifest)) expect(id).toBe(sha256(text));
  });

  it('is what `npm run codegen` writes now (codegen:check fails on a stale one)', async () => {
    const generated = await generateSdk();
    expect(generated['sdk/persisted-documents.json']).toBe(readFileSync(MANIFEST_PATH, 'utf8'));
    expect(JSON.parse(generated['sdk/persisted-documents.json'])).toEqual(manifest);
  }, 60_000);

  it('ships in the SDK package', () => {
    const pkg = JSON.parse(
      readFileSync(path.join(__dirname, '..', 'sdk', 'package.json'), 'utf8'),
    ) as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain('persisted-documents.json');
    expect(pkg.exports['./persisted-documents.json']).toBe('./persisted-documents.json');
  });
});

describe('loading manifests', () => {
  it('stops the start on a wrong sha256 id, an id given two texts, a bad shape or a missing file', () => {
    const wrong = new TrustedDocuments();
    expect(() => wrong.add({ [sha256('{ a }')]: '{ b }' }, 'wrong.json')).toThrow(
      /wrong\.json: document sha256:\w+ is not the SHA-256 of its text/,
    );
    const twice = new TrustedDocuments();
    twice.add({ 'x-acme:one': '{ a }' }, 'first.json');
    expect(() => twice.add({ 'x-acme:one': '{ b }' }, 'second.json')).toThrow(
      /already trusted with another text/,
    );
    expect(() => new TrustedDocuments().add([], 'list.json')).toThrow(/not a JSON object/);
    expect(() => loadTrustedDocuments([path.join(folder, 'missing.json')])).toThrow(
      /cannot read .*missing\.json \(ENOENT\): check GUAZHI_TRUSTED_DOCUMENTS/,
    );
  });

  it('takes a bare hex id for its sha256: id', () => {
    const trusted = new TrustedDocuments();
    trusted.add({ [sha256('{ a }').slice('sha256:'.length)]: '{ a }' }, 'bare.json');
    expect(trusted.textOf(sha256('{ a }'))).toBe('{ a }');
    expect(trusted.trusts('{ a }')).toBe(true);
    expect(trusted.trusts('{ a } ')).toBe(false);
  });
});

describe('the SDK with trustedDocuments: true', () => {
  it('sends ids for generated operations and text for its own documents, and works', async () => {
    const { client, bodies } = recordingClient({ trustedDocuments: true });
    const { login } = await client.login({
      input: { username: 'analyst', password: 'test-password' },
    });
    expect(login.token).toBeTruthy();
    client.setToken(login.token!);
    const { postings } = await client.postings({ first: 2 });
    expect(postings.totalCount).toBeGreaterThan(0);
    expect(bodies[0]).toEqual({
      documentId: sha256(String(sdk.LoginDocument)),
      operationName: 'Login',
      variables: { input: { username: 'analyst', password: 'test-password' } },
    });
    expect(bodies[1].documentId).toBe(sha256(String(sdk.PostingsDocument)));
    expect(bodies[1]).not.toHaveProperty('query');

    // A document of its own goes as text, and ANALYST may not run one.
    const refused = await client.raw(FREE_FORM);
    expect(bodies[2]).toMatchObject({ query: FREE_FORM });
    expect(refused.status).toBe(403);
    expect(refused.errors.map((e) => e.extensions?.code)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
  });

  it('sends text without the option, which a restricted role may still send for manifest documents', async () => {
    const { client, bodies } = recordingClient({ token: world.tokens.analyst });
    const { me } = await client.me();
    expect(me?.username).toBe('analyst');
    expect(bodies[0]).toMatchObject({ query: String(MeDocument) });
    expect(bodies[0]).not.toHaveProperty('documentId');
  });
});

describe('the server', () => {
  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND (404), coded, without a stack', async () => {
    for (const token of [undefined, world.tokens.admin]) {
      const res = await post({ documentId: `sha256:${'0'.repeat(64)}` }, token);
      expect(res.status).toBe(404);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(res.errors![0].extensions.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+/);
    }
  });

  it('refuses an id with a text, or an id that is not a string (400)', async () => {
    const both = await post({ documentId: sha256(String(MeDocument)), query: '{ me { id } }' });
    expect(both.status).toBe(400);
    expect(both.errors![0].extensions.code).toBe('BAD_REQUEST');
    const number = await post({ documentId: 42 });
    expect(number.status).toBe(400);
    expect(number.errors![0].message).toMatch(/^`documentId` must be a trusted document’s id/);
    const empty = await post({ documentId: '' });
    expect(empty.status).toBe(400);
    expect(empty.errors![0].extensions.code).toBe('BAD_REQUEST');
    // An empty text beside the id is no text (as graphql-ws sends it).
    const blank = await post(
      { documentId: sha256(String(MeDocument)), query: '' },
      world.tokens.analyst,
    );
    expect(blank.data?.me).toMatchObject({ username: 'analyst' });
  });

  it('lets a held viewer sign in to GraphiQL and out again, ending the session on the server', async () => {
    // An analyst of their own: signing out ends every session of that account.
    await user(env.dataSource, 'analyst-graphiql', Role.ANALYST);
    const signIn = await post({
      query: GRAPHIQL_DOCUMENTS.signIn,
      variables: { input: { username: 'analyst-graphiql', password: PASSWORD } },
    });
    const token = (signIn.data as { login: { token: string } }).login.token;
    const me = { documentId: sha256(String(MeDocument)) };
    expect((await post(me, token)).status).toBe(200);
    const signOut = await post({ query: GRAPHIQL_DOCUMENTS.signOut }, token);
    expect(signOut.status).toBe(200);
    expect(signOut.errors).toBeUndefined();
    const after = await post(me, token);
    expect(after.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('takes an id as `documentId` (POST and GET) and as Apollo’s persistedQuery extension', async () => {
    const id = sha256(String(MeDocument));
    const byPost = await post({ documentId: id, operationName: 'Me' }, world.tokens.analyst);
    expect(byPost.status).toBe(200);
    expect(byPost.data?.me).toMatchObject({ username: 'analyst' });
    const byGet = await post({ documentId: id }, world.tokens.analyst, 'GET');
    expect(byGet.data?.me).toMatchObject({ username: 'analyst' });
    const apollo = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: id.slice('sha256:'.length) } } },
      world.tokens.analyst,
    );
    expect(apollo.data?.me).toMatchObject({ username: 'analyst' });
  });

  it('holds a restricted role to manifest documents; other roles are unaffected', async () => {
    const refused = await post({ query: FREE_FORM }, world.tokens.analyst);
    expect(refused.status).toBe(403);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
    expect(JSON.stringify(refused)).not.toMatch(/stacktrace/);
    // GraphiQL's schema load is a document of its own too.
    const introspection = await post(
      { query: '{ __schema { queryType { name } } }' },
      world.tokens.analyst,
    );
    expect(introspection.status).toBe(403);

    for (const token of [world.tokens.admin, world.tokens.managerA, world.tokens.cadre]) {
      const res = await post({ query: FREE_FORM }, token);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
    // Anonymous callers are not listed: they sign in with any text.
    const anonymous = await post({ query: 'mutation { logout { userErrors { code } } }' });
    expect(anonymous.errors?.map((e) => e.extensions.code) ?? []).not.toContain(
      'TRUSTED_DOCUMENT_REQUIRED',
    );
  });

  it('answers in the caller’s language', async () => {
    const res = await fetch(env.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${world.tokens.analyst}`,
        'accept-language': 'zh-CN',
      },
      body: JSON.stringify({ query: FREE_FORM }),
    });
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toMatch(/可信文档/);
  });

  it('trusts a third party’s manifest (GUAZHI_TRUSTED_DOCUMENTS), by its custom id and by its text', async () => {
    const byId = await post({ documentId: 'x-acme:count' }, world.tokens.analyst);
    expect(byId.data?.postings).toEqual({ totalCount: expect.any(Number) });
    const byText = await post({ query: THIRD_PARTY }, world.tokens.analyst);
    expect(byText.data?.postings).toEqual({ totalCount: expect.any(Number) });
  });

  it('holds an API key made trustedDocumentsOnly, and no other key', async () => {
    const held = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '第三方系统', role: 'ORG_ADMIN', trustedDocumentsOnly: true },
      world.tokens.admin,
    );
    expect(held.apiKey?.trustedDocumentsOnly).toBe(true);
    const refused = await post({ query: FREE_FORM }, held.secret!);
    expect(refused.status).toBe(403);
    expect(refused.errors![0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const { client } = recordingClient({ token: held.secret!, trustedDocuments: true });
    const { postings } = await client.postings({ first: 1 });
    expect(postings.totalCount).toBeGreaterThan(0);

    const free = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '内部报表', role: 'ORG_ADMIN' },
      world.tokens.admin,
    );
    expect(free.apiKey?.trustedDocumentsOnly).toBe(false);
    const allowed = await post({ query: FREE_FORM }, free.secret!);
    expect(allowed.status).toBe(200);
    expect(allowed.errors).toBeUndefined();
  });
});

describe('GUAZHI_TRUSTED_DOCUMENTS_ONLY=API_KEYS,ANONYMOUS', () => {
  it('holds every API key, whatever its role, and anonymous callers, who sign in by the manifest', async () => {
    const keyed = await createTestEnv({
      trustedDocumentsOnly: { roles: [], apiKeys: true, anonymous: true },
    });
    try {
      await user(keyed.dataSource, 'admin', Role.ORG_ADMIN);
      const anonymous = await keyed.rawGraphql('mutation { logout { userErrors { code } } }', {});
      expect(anonymous.status).toBe(403);
      expect(anonymous.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const { client } = recordingClient({ url: keyed.url, trustedDocuments: true });
      const { login } = await client.login({ input: { username: 'admin', password: PASSWORD } });
      expect(login.token).toBeTruthy();

      // The admin is not held: a document of their own runs.
      const own = await keyed.rawGraphql(FREE_FORM, {}, login.token!);
      expect(own.errors).toBeUndefined();
      const created = await mutate(
        keyed,
        CreateApiKeyDocument,
        { name: '统计局数据交换平台', role: 'ANALYST' },
        login.token!,
      );
      expect(created.apiKey?.trustedDocumentsOnly).toBe(false);
      const refused = await keyed.rawGraphql(FREE_FORM, {}, created.secret!);
      expect(refused.status).toBe(403);
      expect(refused.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const byId = await client.withToken(created.secret!).postings({ first: 1 });
      expect(byId.postings.totalCount).toBe(0);
    } finally {
      await keyed.close();
    }
  });
});

describe('subscriptions', () => {
  /** The last live event id: a subscription from it gets every later event. */
  async function lastEventId(): Promise<string> {
    const [{ id }]: { id: string }[] = await env.dataSource.query(
      'SELECT coalesce(max(id), 0)::text AS id FROM live_event',
    );
    return id;
  }

  it('run by id for a restricted role, and refuse its own texts', async () => {
    const { client } = recordingClient({ token: world.tokens.analyst, trustedDocuments: true });
    const postingId = gid('Posting', world.postings.active.id);
    const sub = collect(client.subscriptions.postingChanged, {
      id: postingId,
      afterEventId: await lastEventId(),
    });
    const extended = await mutate(
      env,
      ExtendPostingDocument,
      { postingId, plannedEndDate: '2027-03-31', reason: '工作需要' },
      world.tokens.admin,
    );
    expect(extended.userErrors).toEqual([]);
    const [first] = await sub.first(1);
    expect(first.data.postingChanged.posting).toMatchObject({ plannedEndDate: '2027-03-31' });
    sub.subscription.unsubscribe();

    const own = collect(
      (variables: Record<string, never>, handlers: sdk.LiveHandlers<unknown>) =>
        client.subscribe(
          `subscription { postingChanged(id: "${postingId}") { eventId } }`,
          variables,
          handlers,
        ),
      {},
    );
    const error = await own.ended;
    expect(error?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('take a documentId with an empty query, and answer an unknown one with PERSISTED_QUERY_NOT_FOUND', async () => {
    const socket = await rawSocket(env.url);
    expect(await socket.init({ authorization: `Bearer ${world.tokens.analyst}` })).toEqual({
      ack: true,
    });
    const answer = await socket.subscribe('1', '', {}, { documentId: `sha256:${'1'.repeat(64)}` });
    expect(answer).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    const both = await socket.subscribe('3', 'subscription { x }', {}, { documentId: 'x' });
    expect(both).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
    // From event 0, the kept events (the extension above) replay at once.
    const known = await socket.subscribe(
      '2',
      '',
      { id: gid('Posting', world.postings.active.id), afterEventId: '0' },
      { documentId: sha256(String(sdk.PostingChangedDocument)) },
    );
    expect(known).toMatchObject({ type: 'next', payload: { data: { postingChanged: {} } } });
    socket.close();
  });
});
