/**
 * Bad input to the master-data mutations (units, cadres, accounts) answers the way DESIGN §5 says,
 * the same way for every field: a bad value of an input field (too long, malformed, an ID that is
 * not of the right type, a value another record took first) is a userError naming that field and
 * writes nothing; only a record the mutation acts on that is not there is a top-level NOT_FOUND or
 * BAD_USER_INPUT, as for `node(id:)`.
 */
import {
  CreateCadreDocument,
  CreateUnitDocument,
  CreateUserDocument,
  UpdateUnitDocument,
  UpdateUserDocument,
  type CreateCadreInput,
} from '../sdk/src';
import { Role } from '../server/common/role';
import { createTestEnv, type TestEnv } from './support/env';
import { masterDataInputs } from './support/master-data-inputs';
import { expectDenied, mutate, type Payload } from './support/mutations';
import { fingerprint } from './support/db-state';
import { buildWorld, gid, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;
let admins: [string, string];
let managerA: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await user(env.dataSource, 'admin2', Role.ORG_ADMIN);
  admins = [world.tokens.admin, await login(env, 'admin2')];
  const [manager]: { id: number }[] = await env.dataSource.query(
    `SELECT id FROM app_user WHERE username = 'manager_a'`,
  );
  managerA = gid('User', manager.id);
});
afterAll(() => env.close());

let serial = 0;
const inputs = masterDataInputs(() => world, 'IN');
const newUnit = inputs.newUnit;
const newCadre = (overrides: Partial<CreateCadreInput> = {}) =>
  inputs.newCadre(gid('Unit', world.units.unitA.id), overrides);

/** The payload's userErrors as `code@field`, after checking that no table changed. */
async function refusal(run: () => Promise<Payload>): Promise<string[]> {
  const before = await fingerprint(env.dataSource);
  const payload = await run();
  expect(await fingerprint(env.dataSource)).toEqual(before);
  return payload.userErrors.map((e) => `${e.code}@${(e.field ?? []).join('.')}`);
}

const admin = () => world.tokens.admin;
const NOT_AN_ID = 'not-an-id';

describe('a value too long for its field', () => {
  it.each([65, 201, 10_000])(
    'refuses a username of %i characters as a userError on username',
    async (length) => {
      const errors = await refusal(() =>
        mutate(env, CreateUserDocument, { username: 'u'.repeat(length), role: 'ANALYST' }, admin()),
      );
      expect(errors).toEqual(['INVALID_USERNAME@username']);
    },
  );

  it.each([
    [
      'unit name',
      () => mutate(env, CreateUnitDocument, newUnit({ name: '镇'.repeat(201) }), admin()),
    ],
    [
      'unit code',
      () => mutate(env, CreateUnitDocument, newUnit({ code: 'A'.repeat(300) }), admin()),
    ],
    [
      'cadre name',
      () => mutate(env, CreateCadreDocument, newCadre({ name: '孙'.repeat(500) }), admin()),
    ],
  ])('refuses a %s far over its limit as a userError on it', async (what, run) => {
    const [error] = await refusal(run);
    expect(error).toBe(`INVALID_VALUE@${what.endsWith('code') ? 'code' : 'name'}`);
  });
});

describe('an ID that an input refers to, malformed or of another type', () => {
  const cadreId = () => gid('Cadre', world.cadres.cadreA1.id);
  const unitId = () => gid('Unit', world.units.unitA.id);

  it.each([
    [
      'createCadre homeUnitId',
      'homeUnitId',
      (id: string) => mutate(env, CreateCadreDocument, newCadre({ homeUnitId: id }), admin()),
    ],
    [
      'createUnit parentId',
      'parentId',
      (id: string) => mutate(env, CreateUnitDocument, newUnit({ parentId: id }), admin()),
    ],
    [
      'updateUnit parentId',
      'parentId',
      (id: string) =>
        mutate(env, UpdateUnitDocument, { unitId: unitId(), version: 1, parentId: id }, admin()),
    ],
    [
      'createUser unitId',
      'unitId',
      (id: string) =>
        mutate(
          env,
          CreateUserDocument,
          { username: `mgr${++serial}`, role: 'UNIT_MANAGER', unitId: id },
          admin(),
        ),
    ],
    [
      'updateUser unitId',
      'unitId',
      (id: string) => mutate(env, UpdateUserDocument, { userId: managerA, unitId: id }, admin()),
    ],
  ])('%s: a userError INVALID_VALUE on the field', async (_, field, run) => {
    for (const id of [NOT_AN_ID, cadreId()]) {
      expect([id, await refusal(() => run(id))]).toEqual([id, [`INVALID_VALUE@${field}`]]);
    }
  });

  it('createUser cadreId: a unit’s ID is a userError INVALID_VALUE on cadreId', async () => {
    const errors = await refusal(() =>
      mutate(
        env,
        CreateUserDocument,
        { username: `men${++serial}`, role: 'MENTOR', cadreId: unitId() },
        admin(),
      ),
    );
    expect(errors).toEqual(['INVALID_VALUE@cadreId']);
  });

  it('keeps a malformed ID of the record acted on a top-level BAD_USER_INPUT', async () => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      env.graphql(UpdateUnitDocument, { input: { unitId: NOT_AN_ID, version: 1 } }, admin()),
    );
  });
});

describe('two admins racing past the checks in code', () => {
  const codes = (payloads: Payload[]) =>
    payloads
      .map((p) => p.userErrors.map((e) => `${e.code}@${(e.field ?? []).join('.')}`).join() || 'OK')
      .sort();

  it('name the field the unique index protects: name, code, idNumber, username', async () => {
    for (let round = 0; round < 5; round++) {
      const sameName = newUnit();
      const byName = await Promise.all(
        admins.map((token, i) =>
          mutate(env, CreateUnitDocument, { ...sameName, code: `${sameName.code}-${i}` }, token),
        ),
      );
      expect(codes(byName)).toEqual(['DUPLICATE_UNIT_NAME@name', 'OK']);
      const sameCode = newUnit();
      const byCode = await Promise.all(
        admins.map((token, i) =>
          mutate(env, CreateUnitDocument, { ...sameCode, name: `${sameCode.name}${i}` }, token),
        ),
      );
      expect(codes(byCode)).toEqual(['DUPLICATE_UNIT_CODE@code', 'OK']);
      const cadre = newCadre();
      const byIdNumber = await Promise.all(
        admins.map((token) => mutate(env, CreateCadreDocument, cadre, token)),
      );
      expect(codes(byIdNumber)).toEqual(['DUPLICATE_ID_NUMBER@idNumber', 'OK']);
      const username = `race${round}.user`;
      const byUsername = await Promise.all(
        admins.map((token, i) =>
          mutate(
            env,
            CreateUserDocument,
            { username: i ? username.toUpperCase() : username, role: 'ANALYST' },
            token,
          ),
        ),
      );
      expect(codes(byUsername)).toEqual(['OK', 'USERNAME_TAKEN@username']);
    }
  });
});
