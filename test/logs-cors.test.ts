import type { AddressInfo } from 'node:net';
import { LoginDocument } from '../sdk/src';
import { createApp, type App } from '../server/app';
import { Role } from '../server/common/role';
import { createLogger, describeError } from '../server/common/logging/logger';
import { UnitCountDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { login, user } from './support/world';

/** JSON request logs with request ids and nothing secret in them; CORS for listed origins only. */
const ALLOWED = 'https://dash.example.cn';
const PHONE = '13800138000';
const ID_NUMBER = '11010519491231002X';
const PASSWORD = 'Not-The-Password-42';

let env: TestEnv;
let app: App;
let url: string;
let token: string;
const lines: string[] = [];

beforeAll(async () => {
  env = await createTestEnv({ corsOrigins: [ALLOWED] });
  await user(env.dataSource, 'admin', Role.ORG_ADMIN);
  token = await login(env, 'admin');
  // The same server as the tests', with its log lines captured.
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  app = await createApp({ dataSource: env.dataSource, config: env.config, logger });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await app?.stop();
  await env?.close();
});

async function post(query: string, variables: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: { extensions: { requestId?: string } }[] };
  return { res, body };
}

type Line = Record<string, unknown> & { err?: Record<string, unknown> };
const parsed = (): Line[] => lines.map((l) => JSON.parse(l) as Line);
const lineOf = (requestId: string | null) =>
  parsed().find((l) => l.requestId === requestId && l.msg !== 'unexpected error');

describe('request logs', () => {
  it('writes one JSON line per request with its id, operation, role, status and duration', async () => {
    const { res } = await post(
      UnitCountDocument.toString(),
      {},
      { authorization: `Bearer ${token}` },
    );
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lineOf(requestId)).toMatchObject({
      level: 'info',
      msg: 'request completed',
      method: 'POST',
      path: '/graphql',
      operation: 'UnitCount',
      role: 'ORG_ADMIN',
      status: 200,
      durationMs: expect.any(Number),
    });
  });

  it('tells every cache not to keep a GraphQL answer, answered or refused', async () => {
    const answered = await post(
      UnitCountDocument.toString(),
      {},
      { authorization: `Bearer ${token}` },
    );
    expect(answered.res.status).toBe(200);
    expect(answered.res.headers.get('cache-control')).toBe('no-store');
    const refused = await post(UnitCountDocument.toString(), {}, { authorization: 'Bearer nope' });
    expect(refused.res.status).toBe(401);
    expect(refused.res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a sane incoming X-Request-Id and replaces any other', async () => {
    const kept = await post(UnitCountDocument.toString(), {}, { 'x-request-id': 'client-7.abc:1' });
    expect(kept.res.headers.get('x-request-id')).toBe('client-7.abc:1');
    const replaced = await post(UnitCountDocument.toString(), {}, { 'x-request-id': 'a b"<c>' });
    expect(replaced.res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id in every error and logs an unexpected one as one structured line without SQL', async () => {
    await env.dataSource.query('ALTER TABLE unit RENAME TO unit_hidden');
    let requestId: string | null;
    let errors: { extensions: { requestId?: string } }[] | undefined;
    try {
      const { res, body } = await post(
        UnitCountDocument.toString(),
        {},
        { authorization: `Bearer ${token}` },
      );
      requestId = res.headers.get('x-request-id');
      errors = body.errors;
    } finally {
      await env.dataSource.query('ALTER TABLE unit_hidden RENAME TO unit');
    }
    expect(errors?.[0].extensions.requestId).toBe(requestId);
    const errorLine = parsed().find(
      (l) => l.msg === 'unexpected error' && l.requestId === requestId,
    );
    expect(errorLine).toMatchObject({
      level: 'error',
      err: { type: 'QueryFailedError', sqlState: '42P01' },
    });
    // A refusal names its request too.
    const anonymous = await post(UnitCountDocument.toString(), {});
    expect(anonymous.body.errors?.[0].extensions.requestId).toBe(
      anonymous.res.headers.get('x-request-id'),
    );
  });

  it('holds no token, password, phone or ID number, and no SQL, in any line', async () => {
    await post(LoginDocument.toString(), { input: { username: PHONE, password: PASSWORD } });
    await post(LoginDocument.toString(), { input: { username: ID_NUMBER, password: PASSWORD } });
    await post(UnitCountDocument.toString(), {}, { authorization: `Bearer ${token}` });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [token, PASSWORD, PHONE, ID_NUMBER, 'SELECT', 'unit_hidden', 'Bearer'])
      expect(all).not.toContain(secret);
    expect(parsed().filter((l) => l.operation === 'Login')).not.toHaveLength(0);
  });

  it('redacts credentials and personal data by field name and by value', () => {
    const captured: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void captured.push(line) });
    logger.info(
      {
        headers: { authorization: `Bearer ${token}` },
        user: { password: PASSWORD, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def' },
        cadre: { phone: PHONE, idNumber: ID_NUMBER },
      },
      `sign-in by ${PHONE} with ${token}`,
    );
    // A failed statement as TypeORM throws it: SQL text, parameters, the row's values.
    const failure = Object.assign(new Error(`duplicate key: Key (id_number)=(${ID_NUMBER})`), {
      query: 'INSERT INTO cadre (phone, id_number) VALUES ($1, $2)',
      parameters: [PHONE, ID_NUMBER],
      driverError: { code: '23505', detail: `Key (phone)=(${PHONE})`, table: 'cadre' },
    });
    logger.error({ err: describeError(failure) }, 'unexpected error');
    const text = captured.join('\n');
    for (const secret of [token, PASSWORD, PHONE, ID_NUMBER, 'argon2', 'INSERT', 'VALUES'])
      expect(text).not.toContain(secret);
    expect(JSON.parse(captured[1])).toMatchObject({ err: { sqlState: '23505', table: 'cadre' } });
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });

  it('answers a preflight from a listed origin', async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('gives any other origin no CORS header at all', async () => {
    const res = await preflight('https://evil.example.com');
    const cors: string[] = [];
    res.headers.forEach((_value, key) => {
      if (key.startsWith('access-control-')) cors.push(key);
    });
    expect(cors).toEqual([]);
  });

  it('lets a listed origin read the answer and its request id', async () => {
    const { res } = await post(
      UnitCountDocument.toString(),
      {},
      { origin: ALLOWED, authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i);
  });

  it('keeps CSRF prevention: a simple cross-site request is refused before it runs', async () => {
    const res = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: ALLOWED },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
  });
});
