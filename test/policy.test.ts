import {
  PolicyDocument,
  UpdatePolicyDocument,
  type PolicyFieldsFragment,
  type UpdatePolicyInput,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const updatePolicy = (input: UpdatePolicyInput, token = world.tokens.admin) =>
  mutate(env, UpdatePolicyDocument, input, token);

async function current(token = world.tokens.admin): Promise<PolicyFieldsFragment> {
  const res = await env.graphql(PolicyDocument, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data!.policy;
}

describe('policy', () => {
  it.each(['admin', 'managerA', 'managerB', 'mentor', 'cadre', 'analyst'] as const)(
    'is readable when the caller is %s',
    async (who) => {
      const policy = await current(world.tokens[who]);
      expect(policy.excellentQuota).toBeGreaterThanOrEqual(0);
    },
  );
});

describe('updatePolicy', () => {
  it('changes the thresholds, bumps the version and audits both sides when the version is current', async () => {
    const before = await current();
    const payload = await updatePolicy({
      version: before.version,
      routineWeight: 0.25,
      trackingWeight: 0.25,
      finalWeight: 0.5,
      excellentQuota: 0.15,
      reportIntervalDays: 60,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.policy).toMatchObject({
      version: before.version + 1,
      routineWeight: 0.25,
      trackingWeight: 0.25,
      finalWeight: 0.5,
      excellentQuota: 0.15,
      reportIntervalDays: 60,
      mentorDeadlineDays: before.mentorDeadlineDays,
    });
    expect(await current(world.tokens.analyst)).toMatchObject({ excellentQuota: 0.15 });
    const [audit] = await env.dataSource.query(
      `SELECT before->>'routineWeight' AS before, after->>'routineWeight' AS after
         FROM audit_entry WHERE action = 'policy.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ before: String(before.routineWeight), after: '0.25' });
  });

  it('changes and audits statistics’ minCellSize (default 3) when the org department sets it', async () => {
    const before = await current();
    expect(before.minCellSize).toBe(3);
    const payload = await updatePolicy({ version: before.version, minCellSize: 5 });
    expect(payload.userErrors).toEqual([]);
    expect(payload.policy).toMatchObject({ minCellSize: 5, excellentQuota: before.excellentQuota });
    const [audit] = await env.dataSource.query(
      `SELECT before->>'minCellSize' AS before, after->>'minCellSize' AS after
         FROM audit_entry WHERE action = 'policy.update' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ before: '3', after: '5' });
    const reset = await updatePolicy({ version: before.version + 1, minCellSize: 3 });
    expect(reset.userErrors).toEqual([]);
  });

  it('refuses STALE_VERSION and changes nothing when the version is old', async () => {
    const { version } = await current();
    await expectRefused(env, 'STALE_VERSION', () =>
      updatePolicy({ version: version - 1, reportIntervalDays: 30 }),
    );
  });

  it('refuses INVALID_VALUE when the weights do not sum to 1', async () => {
    const { version } = await current();
    await expectRefused(env, 'INVALID_VALUE', () =>
      updatePolicy({ version, routineWeight: 0.4, trackingWeight: 0.3, finalWeight: 0.4 }),
    );
  });

  it('refuses INVALID_VALUE when one changed weight leaves the sum off 1', async () => {
    const { version } = await current();
    await expectRefused(env, 'INVALID_VALUE', () => updatePolicy({ version, finalWeight: 0.6 }));
  });

  it.each([
    ['excellentQuota is above 1', { excellentQuota: 1.5 }],
    ['minOnSiteRatio is negative', { minOnSiteRatio: -0.1 }],
    ['a weight is negative', { routineWeight: -0.1, trackingWeight: 0.6, finalWeight: 0.5 }],
    ['a ratio has four decimals', { excellentQuota: 0.1234 }],
    ['a day count is zero', { reportIntervalDays: 0 }],
    ['the passive score threshold is above 100', { passiveScoreThreshold: 101 }],
    ['the promotion window is negative', { promotionWindowMonths: -1 }],
    ['the minimum cell size is 0', { minCellSize: 0 }],
    ['the minimum cell size is above 100', { minCellSize: 101 }],
  ])('refuses INVALID_VALUE when %s', async (_case, values) => {
    const { version } = await current();
    await expectRefused(env, 'INVALID_VALUE', () => updatePolicy({ version, ...values }));
  });

  it('accepts the extremes when a ratio is 0 or 1', async () => {
    const { version } = await current();
    const payload = await updatePolicy({
      version,
      minOnSiteRatio: 1,
      excellentQuota: 0,
      routineWeight: 0,
      trackingWeight: 0,
      finalWeight: 1,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.policy).toMatchObject({ minOnSiteRatio: 1, excellentQuota: 0, finalWeight: 1 });
  });

  it('accepts thirds rounded to three decimals when they sum to exactly 1', async () => {
    const { version } = await current();
    const payload = await updatePolicy({
      version,
      routineWeight: 0.333,
      trackingWeight: 0.333,
      finalWeight: 0.334,
    });
    expect(payload.userErrors).toEqual([]);
  });

  it.each(['managerA', 'managerB', 'mentor', 'cadre', 'analyst'] as const)(
    'is FORBIDDEN when the caller is %s',
    async (who) => {
      const { version } = await current();
      await expectDenied(env, 'FORBIDDEN', () =>
        env.graphql(
          UpdatePolicyDocument,
          { input: { version, reportIntervalDays: 45 } },
          world.tokens[who],
        ),
      );
    },
  );

  it('lets exactly one of two simultaneous updates win when both send the same version', async () => {
    const { version } = await current();
    const results = await Promise.all([
      updatePolicy({ version, reportIntervalDays: 31 }),
      updatePolicy({ version, reportIntervalDays: 32 }),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'STALE_VERSION']);
    expect((await current()).version).toBe(version + 1);
  });
});
