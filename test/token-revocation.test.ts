/**
 * Stale access (issue #9, fault 9): a token issued before a change that ends sessions stays dead,
 * also once the change is undone (reactivated, role/unit/cadre set back, password chosen again).
 * Every path of the class: deactivation, role, unit and cadre changes, password reset and change,
 * logout, revokeUserTokens, and API-key revocation.
 */
import {
  ChangeMyPasswordDocument,
  CreateApiKeyDocument,
  DeactivateUserDocument,
  LogoutDocument,
  MeDocument,
  ReactivateUserDocument,
  ResetUserPasswordDocument,
  RevokeApiKeyDocument,
  RevokeUserTokensDocument,
  UpdateUserDocument,
} from '../sdk/src';
import { Role } from '../server/common/role';
import { QueryTypeNameDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { mutate } from './support/mutations';
import { buildWorld, gid, login, PASSWORD, user, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const admin = () => world.tokens.admin;

/** HTTP status and code `me` answers for this token: 200/null when it reads. */
async function meWith(token: string): Promise<[number, string | null]> {
  const res = await env.graphql(MeDocument, {}, token);
  return [res.status, res.errors?.[0]?.extensions?.code ?? null];
}
const DEAD: [number, string] = [401, 'UNAUTHENTICATED'];
const ALIVE: [number, null] = [200, null];

async function signedIn(username: string, role: Role, links = {}) {
  const row = await user(env.dataSource, username, role, links);
  return { id: gid('User', row.id), token: await login(env, username) };
}

/** Asserts the change ends `token`, its undo leaves it dead, and a new sign-in reads. */
async function expectStaysDead(
  username: string,
  token: string,
  change: () => Promise<{ userErrors: unknown[] }>,
  undo?: () => Promise<{ userErrors: unknown[] }>,
  password = PASSWORD,
) {
  expect(await meWith(token)).toEqual(ALIVE);
  expect((await change()).userErrors).toEqual([]);
  expect(await meWith(token)).toEqual(DEAD);
  if (undo) {
    expect((await undo()).userErrors).toEqual([]);
    expect(await meWith(token)).toEqual(DEAD);
  }
  expect(await meWith(await login(env, username, password))).toEqual(ALIVE);
}

describe('tokens issued before a change that ends sessions', () => {
  it('stay dead after deactivation and reactivation, even deactivated and reactivated twice', async () => {
    const { id, token } = await signedIn('tv_deactivated', Role.ANALYST);
    const off = () => mutate(env, DeactivateUserDocument, { userId: id }, admin());
    const on = () => mutate(env, ReactivateUserDocument, { userId: id }, admin());
    await expectStaysDead('tv_deactivated', token, off, on);
    // A token from between the two cycles dies with the second deactivation too.
    const second = await login(env, 'tv_deactivated');
    await expectStaysDead('tv_deactivated', second, off, on);
    expect(await meWith(token)).toEqual(DEAD);
  });

  it('stay dead after a role change and its undo', async () => {
    const { id, token } = await signedIn('tv_role', Role.ANALYST);
    const set = (role: 'ANALYST' | 'ORG_ADMIN') => () =>
      mutate(env, UpdateUserDocument, { userId: id, role }, admin());
    await expectStaysDead('tv_role', token, set('ORG_ADMIN'), set('ANALYST'));
  });

  it('stay dead after a unit change and its undo', async () => {
    const { unitA, unitB } = world.units;
    const { id, token } = await signedIn('tv_unit', Role.UNIT_MANAGER, { unitId: unitA.id });
    const set = (unitId: number) => () =>
      mutate(env, UpdateUserDocument, { userId: id, unitId: gid('Unit', unitId) }, admin());
    await expectStaysDead('tv_unit', token, set(unitB.id), set(unitA.id));
  });

  it('stay dead after a cadre change and its undo', async () => {
    const { cadreA2, cadreB1 } = world.cadres;
    const { id, token } = await signedIn('tv_cadre', Role.CADRE, { cadreId: cadreA2.id });
    const set = (cadreId: number) => () =>
      mutate(env, UpdateUserDocument, { userId: id, cadreId: gid('Cadre', cadreId) }, admin());
    await expectStaysDead('tv_cadre', token, set(cadreB1.id), set(cadreA2.id));
  });

  it('stay dead after a password reset, and after the user chooses a password again', async () => {
    const { id, token } = await signedIn('tv_reset', Role.ANALYST);
    const reset = await mutate(env, ResetUserPasswordDocument, { userId: id }, admin());
    expect(await meWith(token)).toEqual(DEAD);
    const oneTime = await login(env, 'tv_reset', reset.oneTimePassword!);
    const chosen = 'Quiet-Harbour-Lantern-93';
    const changed = await mutate(
      env,
      ChangeMyPasswordDocument,
      { currentPassword: reset.oneTimePassword!, newPassword: chosen },
      oneTime,
    );
    expect(changed.userErrors).toEqual([]);
    expect(await meWith(token)).toEqual(DEAD);
    expect(await meWith(oneTime)).toEqual(DEAD);
    expect(await meWith(changed.token!)).toEqual(ALIVE);
  });

  it('stay dead after logout and after revokeUserTokens', async () => {
    const { id, token } = await signedIn('tv_revoked', Role.ANALYST);
    const other = await login(env, 'tv_revoked');
    expect((await env.graphql(LogoutDocument, {}, other)).data?.logout.userErrors).toEqual([]);
    expect(await meWith(token)).toEqual(DEAD);
    const fresh = await login(env, 'tv_revoked');
    await expectStaysDead('tv_revoked', fresh, () =>
      mutate(env, RevokeUserTokensDocument, { userId: id }, admin()),
    );
  });

  it('refuse a revoked API key for good', async () => {
    const created = await mutate(
      env,
      CreateApiKeyDocument,
      { name: 'tv-key', role: 'ANALYST' },
      admin(),
    );
    const key = created.secret!;
    const asKey = async () => {
      const res = await env.graphql(QueryTypeNameDocument, {}, key);
      return [res.status, res.errors?.[0]?.extensions?.code ?? null];
    };
    expect(await asKey()).toEqual(ALIVE);
    const revoked = await mutate(
      env,
      RevokeApiKeyDocument,
      { apiKeyId: created.apiKey!.id },
      admin(),
    );
    expect(revoked.userErrors).toEqual([]);
    expect(await asKey()).toEqual(DEAD);
  });
});
