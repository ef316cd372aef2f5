/**
 * What account changes do to sessions (issue #8): deactivation ends them for good, a change of
 * role, unit or cadre ends them, a reset password is one-time; API keys and the last administrator.
 */
import {
  ChangeMyPasswordDocument,
  CreateApiKeyDocument,
  CreateUserDocument,
  DeactivateUserDocument,
  MeDocument,
  ReactivateUserDocument,
  ResetUserPasswordDocument,
  UpdateUserDocument,
  UsersDocument,
  type CreateUserInput,
} from '../sdk/src';
import { SignInDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { expectRefused, mutate } from './support/mutations';
import { buildWorld, gid, login, PASSWORD, user, type World } from './support/world';
import { Role } from '../server/common/role';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const admin = () => world.tokens.admin;
const deactivate = (userId: string, token = admin()) =>
  mutate(env, DeactivateUserDocument, { userId }, token);
const reactivate = (userId: string, token = admin()) =>
  mutate(env, ReactivateUserDocument, { userId }, token);
const resetPassword = (userId: string, token = admin()) =>
  mutate(env, ResetUserPasswordDocument, { userId }, token);
const createUser = (input: CreateUserInput, token = admin()) =>
  mutate(env, CreateUserDocument, input, token);

/** The code `me` answers with for this token: null when it reads. */
async function meCode(token: string): Promise<string | null> {
  const res = await env.graphql(MeDocument, {}, token);
  return res.errors?.[0]?.extensions?.code ?? null;
}

/** A fresh account of the seeded kind, with a session. */
async function signedInUser(username: string, role: Role, links = {}) {
  const row = await user(env.dataSource, username, role, links);
  return { id: gid('User', row.id), token: await login(env, username) };
}

describe('deactivation', () => {
  it('ends the sessions, refuses sign-in, and reactivation brings neither old token back', async () => {
    const { id, token } = await signedInUser('leaving_analyst', Role.ANALYST);
    expect(await meCode(token)).toBeNull();

    const off = await deactivate(id);
    expect(off.userErrors).toEqual([]);
    expect(off.user).toMatchObject({ isActive: false });
    expect(off.user?.deactivatedAt).not.toBeNull();
    expect(await meCode(token)).toBe('UNAUTHENTICATED');
    const refused = await env.graphql(SignInDocument, {
      input: { username: 'leaving_analyst', password: PASSWORD },
    });
    expect(refused.data?.login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);

    const on = await reactivate(id);
    expect(on.user).toMatchObject({ isActive: true, deactivatedAt: null });
    expect(await meCode(token)).toBe('UNAUTHENTICATED');
    // The password still works: a new session reads.
    expect(await meCode(await login(env, 'leaving_analyst'))).toBeNull();
  });

  it('refuses a second deactivation, and reactivating an active account, as INVALID_TRANSITION', async () => {
    const { id } = await signedInUser('twice_off', Role.ANALYST);
    await deactivate(id);
    await expectRefused(env, 'INVALID_TRANSITION', () => deactivate(id));
    await reactivate(id);
    await expectRefused(env, 'INVALID_TRANSITION', () => reactivate(id));
  });

  it('refuses deactivating oneself (OWN_ACCOUNT)', async () => {
    const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    await expectRefused(env, 'OWN_ACCOUNT', () => deactivate(gid('User', id)));
  });
});

describe('changing role, unit or cadre', () => {
  it('ends the user’s sessions, and a change to nothing does not', async () => {
    const { id, token } = await signedInUser('moving_manager', Role.UNIT_MANAGER, {
      unitId: world.units.unitA.id,
    });
    const same = await mutate(
      env,
      UpdateUserDocument,
      { userId: id, unitId: gid('Unit', world.units.unitA.id) },
      admin(),
    );
    expect(same.userErrors).toEqual([]);
    expect(await meCode(token)).toBeNull();

    const moved = await mutate(
      env,
      UpdateUserDocument,
      { userId: id, unitId: gid('Unit', world.units.unitB.id) },
      admin(),
    );
    expect(moved.user?.unit?.name).toBe('青山镇人民政府');
    expect(await meCode(token)).toBe('UNAUTHENTICATED');
  });

  it('checks the new combination: a manager made ANALYST must drop the unit', async () => {
    const { id } = await signedInUser('to_analyst', Role.UNIT_MANAGER, {
      unitId: world.units.unitA.id,
    });
    await expectRefused(env, 'ACCOUNT_UNIT_NOT_ALLOWED', () =>
      mutate(env, UpdateUserDocument, { userId: id, role: 'ANALYST' }, admin()),
    );
    const done = await mutate(
      env,
      UpdateUserDocument,
      { userId: id, role: 'ANALYST', unitId: null },
      admin(),
    );
    expect(done.user).toMatchObject({ role: 'ANALYST', unit: null });
  });

  it('refuses changing one’s own role (OWN_ACCOUNT)', async () => {
    const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    await expectRefused(env, 'OWN_ACCOUNT', () =>
      mutate(env, UpdateUserDocument, { userId: gid('User', id), role: 'ANALYST' }, admin()),
    );
  });
});

describe('resetting a password', () => {
  it('ends the sessions and gives a one-time password that must be changed', async () => {
    const { id, token } = await signedInUser('forgetful', Role.ANALYST);
    const reset = await resetPassword(id);
    expect(reset.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(reset.user?.passwordChangeRequired).toBe(true);
    expect(await meCode(token)).toBe('UNAUTHENTICATED');
    expect(
      (await env.graphql(SignInDocument, { input: { username: 'forgetful', password: PASSWORD } }))
        .data?.login.userErrors[0].code,
    ).toBe('INVALID_CREDENTIALS');
    const fresh = await login(env, 'forgetful', reset.oneTimePassword!);
    const gated = await env.graphql(UsersDocument, {}, fresh);
    expect(gated.status).toBe(403);
    expect(gated.errors?.[0].extensions?.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await meCode(fresh)).toBeNull();
  });

  it('refuses a wrong current password, and the same password again', async () => {
    const { token } = await signedInUser('careful', Role.ANALYST);
    const change = (currentPassword: string, newPassword: string) =>
      mutate(env, ChangeMyPasswordDocument, { currentPassword, newPassword }, token);
    await expectRefused(env, 'PASSWORD_UNCHANGED', () => change(PASSWORD, PASSWORD));
    const wrong = await change('not-it', 'Lantern orchard velvet 42');
    expect(wrong.userErrors.map((e) => e.code)).toEqual(['WRONG_PASSWORD']);
    expect(await meCode(token)).toBeNull();
  });
});

describe('API keys and accounts', () => {
  let adminKey: string;
  let analystKey: string;

  beforeAll(async () => {
    const key = (role: 'ORG_ADMIN' | 'ANALYST') =>
      mutate(env, CreateApiKeyDocument, { name: `人事系统 ${role}`, role }, admin());
    adminKey = (await key('ORG_ADMIN')).secret!;
    analystKey = (await key('ANALYST')).secret!;
  });

  it('lets an ORG_ADMIN key manage accounts below ORG_ADMIN (an HR system keeping them in step)', async () => {
    const made = await createUser(
      { username: 'hr_manager', role: 'UNIT_MANAGER', unitId: gid('Unit', world.units.unitB.id) },
      adminKey,
    );
    expect(made.userErrors).toEqual([]);
    expect((await resetPassword(made.user!.id, adminKey)).userErrors).toEqual([]);
  });

  it('refuses it ORG_ADMIN accounts: a leaked key must not mint or take over an administrator', async () => {
    await expectRefused(env, 'ORG_ADMIN_BY_PERSON_ONLY', () =>
      createUser({ username: 'key_admin', role: 'ORG_ADMIN' }, adminKey),
    );
    const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    await expectRefused(env, 'ORG_ADMIN_BY_PERSON_ONLY', () =>
      resetPassword(gid('User', id), adminKey),
    );
    await expectRefused(env, 'ORG_ADMIN_BY_PERSON_ONLY', () =>
      deactivate(gid('User', id), adminKey),
    );
  });

  it('forbids keys of other roles, and changeMyPassword to every key', async () => {
    const res = await env.graphql(UsersDocument, {}, analystKey);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const change = await env.graphql(
      ChangeMyPasswordDocument,
      { input: { currentPassword: 'x', newPassword: 'Lantern orchard velvet 42' } },
      adminKey,
    );
    expect(change.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

// Last: it deactivates the world's administrator, whose token then stays dead.
describe('the last administrator', () => {
  it('stays active when two administrators deactivate each other at once', async () => {
    const a = await signedInUser('admin_one', Role.ORG_ADMIN);
    const b = await signedInUser('admin_two', Role.ORG_ADMIN);
    const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    expect((await deactivate(gid('User', id), a.token)).userErrors).toEqual([]);
    const results = await Promise.all([
      env.graphql(DeactivateUserDocument, { input: { userId: b.id } }, a.token),
      env.graphql(DeactivateUserDocument, { input: { userId: a.id } }, b.token),
    ]);
    // Every active administrator is locked by both: the second finds itself the last one, or,
    // arriving after the first committed, finds its own session ended.
    const outcomes = results.map(
      (r) =>
        r.errors?.[0].extensions?.code ??
        r.data?.deactivateUser.userErrors[0]?.code ??
        'deactivated',
    );
    expect(outcomes.filter((o) => o === 'deactivated')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'deactivated')).toEqual([
      expect.stringMatching(/^(LAST_ORG_ADMIN|UNAUTHENTICATED)$/),
    ]);
    const [{ n }] = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE role = 'ORG_ADMIN' AND is_active`,
    );
    expect(n).toBe(1);
  });
});
