import jwt from 'jsonwebtoken';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  LogoutDocument,
  MeDocument,
  RevokeApiKeyDocument,
  RevokeUserTokensDocument,
  SubmitFeedbackReportDocument,
  type CreateApiKeyInput,
} from '../sdk/src';
import {
  ActiveApiKeysDocument,
  EvaluationCommentsDocument,
  PostingCountDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, gid, login, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const create = (input: CreateApiKeyInput, token = world.tokens.admin) =>
  mutate(env, CreateApiKeyDocument, input, token);

const revoke = (apiKeyId: string) =>
  mutate(env, RevokeApiKeyDocument, { apiKeyId }, world.tokens.admin);

const postingCount = (credential: string) => env.graphql(PostingCountDocument, {}, credential);

describe('API keys', () => {
  it('shows the key once, stores only its hash, and lets a third-party system read as ANALYST', async () => {
    const payload = await create({ name: '统计局数据交换平台', role: 'ANALYST' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.secret).toMatch(/^gzk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(payload.secret).toContain(payload.apiKey!.prefix);
    const stored = JSON.stringify(await env.dataSource.query('SELECT * FROM api_key'));
    // The proof is everything after `gzk_<prefix>_`; it may itself contain '_' (base64url).
    const proof = /^gzk_[a-z0-9]{12}_(.{43})$/.exec(payload.secret!)![1];
    expect(stored).not.toContain(proof);

    const res = await postingCount(payload.secret!);
    expect(res.data?.postings.totalCount).toBe(4);
    const comments = await env.graphql(EvaluationCommentsDocument, {}, payload.secret!);
    expect(comments.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('scopes a UNIT_MANAGER key to its unit and records it as the actor of its changes', async () => {
    const payload = await create({
      name: '青山镇OA',
      role: 'UNIT_MANAGER',
      unitId: gid('Unit', world.units.unitB.id),
    });
    expect(payload.apiKey).toMatchObject({
      role: 'UNIT_MANAGER',
      unit: { name: '青山镇人民政府' },
    });
    const key = payload.secret!;
    expect((await postingCount(key)).data?.postings.totalCount).toBe(3);

    const report = await mutate(
      env,
      SubmitFeedbackReportDocument,
      { postingId: gid('Posting', world.postings.active.id), period: '2026-Q3', daysOnSite: 60 },
      key,
    );
    expect(report.userErrors).toEqual([]);
    const [entry] = await env.dataSource.query(
      `SELECT actor_id, api_key_id FROM audit_entry WHERE action = 'feedbackReport.submit' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.actor_id).toBeNull();
    expect(entry.api_key_id).toBeGreaterThan(0);
  });

  it('refuses INVALID_VALUE for a unit role without a unit, a unit on another role, or a MENTOR key', async () => {
    await expectRefused(env, 'INVALID_VALUE', () => create({ name: 'x', role: 'UNIT_MANAGER' }));
    await expectRefused(env, 'INVALID_VALUE', () =>
      create({ name: 'x', role: 'ANALYST', unitId: gid('Unit', world.units.unitA.id) }),
    );
    await expectRefused(env, 'INVALID_VALUE', () => create({ name: 'x', role: 'MENTOR' }));
  });

  it('refuses INVALID_DATES for an expiry in the past', async () => {
    await expectRefused(env, 'INVALID_DATES', () =>
      create({
        name: 'x',
        role: 'ANALYST',
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
  });

  it('rejects a revoked key, an expired key and a forged one with UNAUTHENTICATED (HTTP 401)', async () => {
    const revoked = await create({ name: '待撤销', role: 'ANALYST' });
    expect((await revoke(revoked.apiKey!.id)).userErrors).toEqual([]);
    const expired = await create({ name: '已过期', role: 'ANALYST' });
    await env.dataSource.query(
      `UPDATE api_key SET expires_at = now() - interval '1 second' WHERE prefix = $1`,
      [expired.apiKey!.prefix],
    );
    const good = await create({ name: '伪造', role: 'ANALYST' });
    const forged = good.secret!.slice(0, -4) + 'AAAA';
    for (const key of [revoked.secret!, expired.secret!, forged, 'gzk_nonsense']) {
      const res = await postingCount(key);
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await postingCount(good.secret!)).data?.postings.totalCount).toBe(4);
  });

  it('refuses INVALID_TRANSITION when revoking a key twice', async () => {
    const key = await create({ name: '二次撤销', role: 'ANALYST' });
    await revoke(key.apiKey!.id);
    await expectRefused(env, 'INVALID_TRANSITION', () => revoke(key.apiKey!.id));
  });

  it('lists keys for the org department without their secrets, and audits creation', async () => {
    const res = await env.graphql(ActiveApiKeysDocument, {}, world.tokens.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data?.apiKeys.nodes.every((k) => k.isActive)).toBe(true);
    const audit = await env.dataSource.query(
      `SELECT after FROM audit_entry WHERE action = 'apiKey.create'`,
    );
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toMatch(/keyHash|gzk_/);
  });

  it.each(['managerA', 'mentor', 'cadre', 'analyst'] as const)(
    'is FORBIDDEN to %s',
    async (role) => {
      await expectDenied(env, 'FORBIDDEN', () =>
        env.graphql(
          CreateApiKeyDocument,
          { input: { name: 'x', role: 'ANALYST' } },
          world.tokens[role],
        ),
      );
      const list = await env.graphql(ApiKeysDocument, {}, world.tokens[role]);
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    },
  );
});

describe('login tokens', () => {
  it('stops every token of the viewer on logout, while a new login works', async () => {
    const token = await login(env, 'analyst');
    const res = await env.graphql(LogoutDocument, {}, token);
    expect(res.data?.logout.user?.username).toBe('analyst');
    expect((await env.graphql(MeDocument, {}, token)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const fresh = await login(env, 'analyst');
    expect((await env.graphql(MeDocument, {}, fresh)).errors).toBeUndefined();
  });

  it('lets the org department revoke another user’s tokens', async () => {
    const token = await login(env, 'cadre_a1');
    const [{ id }] = await env.dataSource.query(
      `SELECT id FROM app_user WHERE username = 'cadre_a1'`,
    );
    const res = await mutate(
      env,
      RevokeUserTokensDocument,
      { userId: gid('User', id) },
      world.tokens.admin,
    );
    expect(res.userErrors).toEqual([]);
    expect((await env.graphql(MeDocument, {}, token)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('rejects an expired token with UNAUTHENTICATED', async () => {
    const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    const expired = jwt.sign(
      { sub: String(id), tv: 1, exp: Math.floor(Date.now() / 1000) - 10 },
      env.config.jwtSecret,
      {
        algorithm: 'HS256',
        issuer: 'guazhi',
        audience: 'guazhi-api',
      },
    );
    const res = await env.graphql(MeDocument, {}, expired);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('what API keys may not do', () => {
  it('is FORBIDDEN for an ORG_ADMIN key to create another key', async () => {
    const admin = await create({ name: '组织部系统', role: 'ORG_ADMIN' });
    // A first request stamps last_used_at, which would otherwise count as a write below.
    await postingCount(admin.secret!);
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(
        CreateApiKeyDocument,
        { input: { name: '套娃', role: 'ANALYST' } },
        admin.secret!,
      ),
    );
  });
});
