/**
 * `Idempotency-Key` (issue #9, fault 7): a retried mutation takes effect once. The key is kept in
 * the effect's transaction (runMutation), per principal, bound to the request it came with.
 */
import { CreateApiKeyDocument, CreateUnitDocument, createGuazhiClient } from '../sdk/src';
import { Role } from '../server/common/role';
import { CreateTwoApiKeysDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { postWith } from './support/http';
import { buildWorld, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;
let otherAdmin: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await user(env.dataSource, 'admin_two', Role.ORG_ADMIN);
  otherAdmin = await login(env, 'admin_two');
});
afterAll(() => env.close());

const apiKeyInput = (name: string) => ({ input: { name, role: 'ANALYST' as const } });

const createKey = (name: string, key?: string, token = world.tokens.admin) =>
  postWith(env, CreateApiKeyDocument, apiKeyInput(name), {
    token,
    headers: key ? { 'idempotency-key': key } : {},
  });

async function count(sql: string, params: unknown[]): Promise<number> {
  const [{ n }] = await env.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return n;
}
const keysNamed = (name: string) => count('api_key WHERE name = $1', [name]);
const auditsOf = (name: string) =>
  count(
    `audit_entry WHERE action = 'apiKey.create' AND entity_id IN (SELECT id FROM api_key WHERE name = $1)`,
    [name],
  );

describe('Idempotency-Key', () => {
  it('takes effect once when one mutation is sent 5 times at once with one key', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => createKey('five-at-once', 'key-five-at-once')),
    );
    const outcomes = answers.map((a) =>
      a.data?.createApiKey?.apiKey ? 'done' : String(a.errors?.[0]?.extensions?.code),
    );
    console.log(`[idempotency] 5 concurrent sends, one key: ${outcomes.join(', ')}`);
    expect(await keysNamed('five-at-once')).toBe(1);
    expect(await auditsOf('five-at-once')).toBe(1);
    // Each answer is the one effect (replayed) or CONFLICT (HTTP 409) while it ran.
    const ids = new Set(answers.map((a) => a.data?.createApiKey?.apiKey?.id).filter(Boolean));
    expect(ids.size).toBe(1);
    for (const a of answers.filter((x) => !x.data?.createApiKey?.apiKey)) {
      expect(a.status).toBe(409);
      expect(a.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    }
    expect(outcomes.filter((o) => o === 'done').length).toBeGreaterThanOrEqual(1);
  });

  it('creates 2 records for 2 sends without a key (the control)', async () => {
    await createKey('no-key');
    await createKey('no-key');
    expect(await keysNamed('no-key')).toBe(2);
  });

  it('answers a repeat with the same body as the first answer and writes nothing', async () => {
    const send = () =>
      postWith(
        env,
        CreateUnitDocument,
        {
          input: {
            code: 'IDEM-1',
            name: '幂等测试单位',
            kind: 'GOVERNMENT_DEPARTMENT',
            adminLevel: 'COUNTY',
            region: '示例市',
          },
        },
        { token: world.tokens.admin, headers: { 'idempotency-key': 'unit-idem-1' } },
      );
    const first = await send();
    expect(first.data?.createUnit.userErrors).toEqual([]);
    const audits = await count(`audit_entry WHERE action = 'unit.create'`, []);
    const second = await send();
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(await count(`unit WHERE code = 'IDEM-1'`, [])).toBe(1);
    expect(await count(`audit_entry WHERE action = 'unit.create'`, [])).toBe(audits);
  });

  it('replays a shown-once secret as null: the record, not the key again', async () => {
    const first = await createKey('secret-once', 'key-secret-once');
    expect(first.data?.createApiKey.secret).toMatch(/^gzk_/);
    const again = await createKey('secret-once', 'key-secret-once');
    expect(again.data?.createApiKey.apiKey?.id).toBe(first.data?.createApiKey.apiKey?.id);
    expect(again.data?.createApiKey.secret).toBeNull();
    const [{ result }] = await env.dataSource.query(
      `SELECT result FROM idempotency_key WHERE key = 'key-secret-once'`,
    );
    expect(JSON.stringify(result)).not.toContain('gzk_');
  });

  it('refuses the same key with another input as BAD_USER_INPUT, writing nothing', async () => {
    await createKey('input-one', 'key-reused');
    const other = await createKey('input-two', 'key-reused');
    expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(other.errors?.[0]?.message).toMatch(/Idempotency-Key/);
    expect(await keysNamed('input-two')).toBe(0);
  });

  it('keeps keys apart per principal: another admin’s same key is another key', async () => {
    await createKey('per-principal', 'key-shared-name');
    const theirs = await createKey('per-principal', 'key-shared-name', otherAdmin);
    expect(theirs.data?.createApiKey.secret).toMatch(/^gzk_/);
    expect(await keysNamed('per-principal')).toBe(2);
  });

  it('stores nothing for a refused mutation: a repeat runs again', async () => {
    const refused = () =>
      postWith(
        env,
        CreateApiKeyDocument,
        { input: { name: 'refused', role: 'MENTOR' as const } },
        { token: world.tokens.admin, headers: { 'idempotency-key': 'key-refused' } },
      );
    expect((await refused()).data?.createApiKey.userErrors.map((e) => e.code)).toEqual([
      'INVALID_VALUE',
    ]);
    expect((await refused()).data?.createApiKey.userErrors.map((e) => e.code)).toEqual([
      'INVALID_VALUE',
    ]);
    expect(await count(`idempotency_key WHERE key = 'key-refused'`, [])).toBe(0);
  });

  it('stores each mutation of an operation at its position and replays them all', async () => {
    const send = () =>
      postWith(
        env,
        CreateTwoApiKeysDocument,
        { first: apiKeyInput('pair-1').input, second: apiKeyInput('pair-2').input },
        { token: world.tokens.admin, headers: { 'idempotency-key': 'key-pair' } },
      );
    const first = await send();
    const again = await send();
    expect(again.data?.first.apiKey).toEqual(first.data?.first.apiKey);
    expect(again.data?.second.apiKey).toEqual(first.data?.second.apiKey);
    expect(await keysNamed('pair-1')).toBe(1);
    expect(await keysNamed('pair-2')).toBe(1);
    expect(await count(`idempotency_key WHERE key = 'key-pair'`, [])).toBe(2);
  });

  it('refuses a malformed key as BAD_USER_INPUT', async () => {
    const res = await createKey('bad-key', 'x'.repeat(256));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await keysNamed('bad-key')).toBe(0);
  });

  it('forgets a key after it expires, and purges expired keys as new ones are stored', async () => {
    await createKey('expiring', 'key-expiring');
    await env.dataSource.query(
      `UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = 'key-expiring'`,
    );
    await createKey('expiring-other', 'key-after-expiry');
    expect(await count(`idempotency_key WHERE key = 'key-expiring'`, [])).toBe(0);
    await createKey('expiring', 'key-expiring');
    expect(await keysNamed('expiring')).toBe(2);
  });

  it('is passed per call by the SDK (idempotencyKey)', async () => {
    const client = createGuazhiClient({ url: env.url, token: world.tokens.admin });
    const send = () => client.createApiKey(apiKeyInput('from-sdk'), { idempotencyKey: 'sdk-1' });
    const first = await send();
    const again = await send();
    expect(again.createApiKey.apiKey?.id).toBe(first.createApiKey.apiKey?.id);
    expect(await keysNamed('from-sdk')).toBe(1);
  });
});
