/**
 * User accounts (issue #8): the organisation department creates an account, the new user signs in
 * with the one-time password, must choose their own, and then sees what their role gives them.
 */
import {
  createGuazhiClient,
  CreateUserDocument,
  LoginDocument,
  GuazhiError,
  UsersDocument,
  type CreateUserInput,
  type GuazhiClient,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, cadre, gid, PASSWORD, unit, type World } from './support/world';
import { CadreStatus } from '../server/modules/cadre/cadre.entity';

let env: TestEnv;
let world: World;
let anonymous: GuazhiClient;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  anonymous = createGuazhiClient({ url: env.url });
});
afterAll(() => env.close());

const STRONG = 'Lantern orchard velvet 42';
const createUser = (input: CreateUserInput, token = world.tokens.admin) =>
  mutate(env, CreateUserDocument, input, token);
const unitB = () => gid('Unit', world.units.unitB.id);

/**
 * What a client reads of postings and cadres: the IDs, and the paths of fields denied to it (a
 * received posting's cadre, once the posting is over).
 */
async function visibleTo(client: GuazhiClient) {
  const postings = await client.partial.postings({ first: 100 });
  const { cadres } = await client.cadres({ first: 100 });
  return {
    postings: postings.data?.postings.edges.map((e) => e.node.id).sort(),
    denied: postings.errors.map((e) => [e.extensions?.code, e.path?.join('.')]),
    cadres: cadres.edges.map((e) => e.node.id).sort(),
  };
}

describe('a new unit manager (the user story)', () => {
  it('signs in with the one-time password, must change it, then sees what a manager of the unit sees', async () => {
    const admin = anonymous.withToken(world.tokens.admin);
    const { createUser: created } = await admin.createUser({
      input: { username: '  Qingshan.Manager ', role: 'UNIT_MANAGER', unitId: unitB() },
    });
    expect(created.userErrors).toEqual([]);
    expect(created.user).toMatchObject({
      username: 'Qingshan.Manager',
      role: 'UNIT_MANAGER',
      isActive: true,
      passwordChangeRequired: true,
      unit: { name: '青山镇人民政府' },
    });
    const oneTime = created.oneTimePassword!;
    expect(oneTime).toMatch(/^[A-Za-z0-9_-]{16}$/);

    // Any case signs in; the payload says a change is required.
    const { login } = await anonymous.login({
      input: { username: 'qingshan.manager', password: oneTime },
    });
    expect(login.userErrors).toEqual([]);
    expect(login.passwordChangeRequired).toBe(true);
    const manager = anonymous.withToken(login.token!);

    // Everything but changeMyPassword, me and logout: PASSWORD_CHANGE_REQUIRED, HTTP 403.
    const refused = await manager.postings({ first: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GuazhiError);
    expect((refused as GuazhiError).code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((refused as GuazhiError).status).toBe(403);
    expect((await manager.me()).me.username).toBe('Qingshan.Manager');

    // A weak password is refused with the estimator's advice; a strong one is taken.
    const weak = await manager.changeMyPassword({
      input: { currentPassword: oneTime, newPassword: 'Qingshan.Manager1' },
    });
    expect(weak.changeMyPassword.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['WEAK_PASSWORD', ['newPassword']],
    ]);
    // The estimator's feedback: the username is in its dictionary.
    expect(weak.changeMyPassword.userErrors[0].message).toContain('personal');
    expect(weak.changeMyPassword.token).toBeNull();
    const strong = await manager.changeMyPassword({
      input: { currentPassword: oneTime, newPassword: STRONG },
    });
    expect(strong.changeMyPassword.userErrors).toEqual([]);

    // The session that changed it ended too: the new token reads, the old one is UNAUTHENTICATED.
    const stale = await manager.me().catch((e: unknown) => e);
    expect((stale as GuazhiError).code).toBe('UNAUTHENTICATED');
    const signedIn = anonymous.withToken(strong.changeMyPassword.token!);
    const seen = await visibleTo(signedIn);
    // Exactly what the unit's existing manager sees (DESIGN §4): B's postings, sent and received.
    const reference = await visibleTo(anonymous.withToken(world.tokens.managerB));
    expect(seen).toEqual(reference);
    expect(seen.postings).toEqual(
      [world.postings.active, world.postings.completed, world.postings.inbound]
        .map((p) => gid('Posting', p.id))
        .sort(),
    );

    // The new password signs in without a change required; the one-time one no longer does.
    const again = await anonymous.login({
      input: { username: 'QINGSHAN.MANAGER', password: STRONG },
    });
    expect(again.login.passwordChangeRequired).toBe(false);
    const old = await anonymous.login({
      input: { username: 'qingshan.manager', password: oneTime },
    });
    expect(old.login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('keeps the password and its hash out of the audit trail', async () => {
    const rows: { after: object; before: object | null }[] = await env.dataSource.query(
      `SELECT before, after FROM audit_entry WHERE entity = 'User'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const trail = JSON.stringify(rows);
    expect(trail).not.toMatch(/argon2|passwordHash|password_hash/);
    expect(trail).not.toContain(STRONG);
    const actions: { action: string }[] = await env.dataSource.query(
      `SELECT DISTINCT action FROM audit_entry WHERE entity = 'User' ORDER BY action`,
    );
    expect(actions.map((a) => a.action)).toEqual(['user.changePassword', 'user.create']);
  });
});

describe('bad input for accounts', () => {
  const cadreA1 = () => gid('Cadre', world.cadres.cadreA1.id);
  let archivedUnit: string;
  let departedCadre: string;

  beforeAll(async () => {
    const ds = env.dataSource;
    const closed = await unit(ds, { name: '原城关镇', archivedOn: '2026-01-01' });
    archivedUnit = gid('Unit', closed.id);
    const retired = await cadre(ds, {
      name: '吴德',
      homeUnitId: world.units.unitA.id,
      status: CadreStatus.RETIRED,
      departedOn: '2026-06-30',
    });
    departedCadre = gid('Cadre', retired.id);
  });

  it.each([
    [
      'a manager of an archived unit',
      { username: 'closed_unit', role: 'UNIT_MANAGER', unitId: 'ARCH' },
      'UNIT_ARCHIVED',
    ],
    [
      'a cadre who has retired',
      { username: 'retired_cadre', role: 'CADRE', cadreId: 'GONE' },
      'CADRE_DEPARTED',
    ],
    [
      'a manager without a unit',
      { username: 'no_unit', role: 'UNIT_MANAGER' },
      'ACCOUNT_UNIT_REQUIRED',
    ],
    [
      'a mentor without a cadre',
      { username: 'no_cadre', role: 'MENTOR' },
      'ACCOUNT_CADRE_REQUIRED',
    ],
    [
      'an analyst with a unit',
      { username: 'analyst_unit', role: 'ANALYST', unitId: 'B' },
      'ACCOUNT_UNIT_NOT_ALLOWED',
    ],
    [
      'an admin with a cadre',
      { username: 'admin_cadre', role: 'ORG_ADMIN', cadreId: 'A1' },
      'ACCOUNT_CADRE_NOT_ALLOWED',
    ],
    ['a username in another case', { username: 'ADMIN', role: 'ANALYST' }, 'USERNAME_TAKEN'],
    ['a username with a space', { username: 'zhang san', role: 'ANALYST' }, 'INVALID_USERNAME'],
    ['a username with Chinese', { username: '张三', role: 'ANALYST' }, 'INVALID_USERNAME'],
    ['a two-letter username', { username: ' zs ', role: 'ANALYST' }, 'INVALID_USERNAME'],
    [
      'a mentor off every leadership team',
      { username: 'mentor_zhang', role: 'MENTOR', cadreId: 'A2' },
      'MENTOR_ACCOUNT_NOT_LEADERSHIP',
    ],
    [
      'a mentor for a cadre of another unit',
      { username: 'mentor_wang', role: 'MENTOR', cadreId: 'LA', unitId: 'B' },
      'ACCOUNT_CADRE_OF_OTHER_UNIT',
    ],
    [
      'a second account for a cadre',
      { username: 'cadre_li', role: 'CADRE', cadreId: 'A1' },
      'CADRE_HAS_ACCOUNT',
    ],
  ])('refuses %s and writes nothing', async (_, raw, code) => {
    const ids: Record<string, () => string> = {
      B: unitB,
      A1: cadreA1,
      A2: () => gid('Cadre', world.cadres.cadreA2.id),
      LA: () => gid('Cadre', world.cadres.leaderA.id),
      ARCH: () => archivedUnit,
      GONE: () => departedCadre,
    };
    const input = {
      ...raw,
      unitId: 'unitId' in raw ? ids[raw.unitId as string]() : undefined,
      cadreId: 'cadreId' in raw ? ids[raw.cadreId as string]() : undefined,
    } as CreateUserInput;
    const payload = await expectRefused(env, code, () => createUser(input));
    expect(payload.oneTimePassword).toBeNull();
    expect(payload.user).toBeNull();
  });

  // Refused for every string input of the schema before any resolver runs (common/input-guard.ts).
  it.each([
    ['a NUL', 'zhang\u0000san'],
    ['a lone surrogate', 'zhang\ud800san'],
  ])('refuses %s in the username (BAD_USER_INPUT) and writes nothing', async (_, username) => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      env.graphql(CreateUserDocument, { input: { username, role: 'ANALYST' } }, world.tokens.admin),
    );
  });

  it('lists every problem of the input at once', async () => {
    const payload = await createUser({
      username: 'x',
      role: 'MENTOR',
      cadreId: cadreA1(),
      unitId: unitB(),
    });
    expect(payload.userErrors.map((e) => e.code).sort()).toEqual([
      'ACCOUNT_CADRE_OF_OTHER_UNIT',
      'CADRE_HAS_ACCOUNT',
      'INVALID_USERNAME',
      'MENTOR_ACCOUNT_NOT_LEADERSHIP',
    ]);
  });

  it('answers NOT_FOUND for a unit that does not exist', async () => {
    const res = await env.graphql(
      CreateUserDocument,
      { input: { username: 'ghost_unit', role: 'UNIT_MANAGER', unitId: gid('Unit', 9999) } },
      world.tokens.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('creates a mentor for a leadership-team member, checked against the unit given', async () => {
    const leader = await cadre(env.dataSource, {
      name: '孙强',
      homeUnitId: world.units.unitB.id,
      isLeadership: true,
    });
    const payload = await createUser({
      username: 'mentor_sun',
      role: 'MENTOR',
      cadreId: gid('Cadre', leader.id),
      unitId: unitB(),
    });
    expect(payload.userErrors).toEqual([]);
    // A mentor's unit is their cadre's home unit: the account itself keeps none.
    expect(payload.user).toMatchObject({ role: 'MENTOR', unit: null, cadre: { name: '孙强' } });
  });
});

describe('two administrators creating one username at once', () => {
  it('lets exactly one win; the other gets USERNAME_TAKEN', async () => {
    const input = { username: 'Race.Winner', role: 'ANALYST' } as const;
    const results = await Promise.all([
      createUser(input),
      createUser({ ...input, username: 'race.winner' }),
      createUser({ ...input, username: 'RACE.WINNER' }),
    ]);
    const won = results.filter((r) => r.userErrors.length === 0);
    expect(won).toHaveLength(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual([
      'USERNAME_TAKEN',
      'USERNAME_TAKEN',
    ]);
    const [{ n }] = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE lower(username) = 'race.winner'`,
    );
    expect(n).toBe(1);
  });
});

describe('two administrators creating accounts for one cadre at once', () => {
  it('lets exactly one win; the other gets CADRE_HAS_ACCOUNT', async () => {
    const person = await cadre(env.dataSource, { name: '周敏', homeUnitId: world.units.unitC.id });
    const input = (username: string) =>
      ({ username, role: 'CADRE', cadreId: gid('Cadre', person.id) }) as const;
    const results = await Promise.all([
      createUser(input('zhou_min')),
      createUser(input('zhoumin')),
    ]);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['CADRE_HAS_ACCOUNT']);
    const [{ n }] = await env.dataSource.query(
      'SELECT count(*)::int AS n FROM app_user WHERE cadre_id = $1',
      [person.id],
    );
    expect(n).toBe(1);
  });
});

describe('the users list', () => {
  it('filters by role, unit and state, and pages by keyset', async () => {
    const admin = anonymous.withToken(world.tokens.admin);
    const managersOfB = await admin.users({
      filter: { role: ['UNIT_MANAGER'], unitIds: [unitB()] },
    });
    // By username regardless of case: m before Q.
    expect(managersOfB.users.edges.map((e) => e.node.username)).toEqual([
      'manager_b',
      'Qingshan.Manager',
    ]);
    // A unit's accounts include its mentors and cadres, by their cadre's home unit.
    const ofB = await admin.users({ filter: { unitIds: [unitB()] } });
    expect(ofB.users.edges.map((e) => e.node.username)).toContain('mentor_b');

    const all = await admin.users({ first: 100 });
    const first = await admin.users({ first: 3 });
    const next = await admin.users({ first: 100, after: first.users.pageInfo.endCursor });
    expect([...first.users.edges, ...next.users.edges].map((e) => e.node.id)).toEqual(
      all.users.edges.map((e) => e.node.id),
    );
    expect(all.users.totalCount).toBe(all.users.edges.length);
    const inactive = await admin.users({ filter: { isActive: false } });
    expect(inactive.users.totalCount).toBe(0);
  });

  it('is the organisation department’s alone', async () => {
    const res = await env.graphql(UsersDocument, {}, world.tokens.managerB);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('sign-in', () => {
  it('still takes the seeded users’ passwords, whatever the case of the username', async () => {
    const { login } = await anonymous.login({
      input: { username: 'Manager_A', password: PASSWORD },
    });
    expect(login.userErrors).toEqual([]);
    expect(login.passwordChangeRequired).toBe(false);
  });

  it('answers BAD_USER_INPUT (HTTP 400), not a 500, for a username PostgreSQL cannot store', async () => {
    for (const username of ['admin\u0000', 'adm\ud800in']) {
      const res = await env.graphql(LoginDocument, { input: { username, password: PASSWORD } });
      expect(res.status).toBe(400);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
