/**
 * The service an import of `users` files calls (issue #8): one row at a time, in the import's own
 * transaction, with the mutations' rules; every problem of a row, and created / updated / unchanged.
 */
import { createContext, withTransaction, type Context, type TxContext } from '../server/context';
import { Role } from '../server/common/role';
import { REGISTRY } from '../server/modules';
import { AuthService } from '../server/modules/auth/auth.service';
import {
  userAccountService,
  type AccountRow,
  type AccountUpsert,
} from '../server/modules/auth/user-account.service';
import { newOneTimePassword } from '../server/modules/auth/user-account.rules';
import { fingerprint } from './support/db-state';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, login, type World } from './support/world';
import { MeDocument } from '../sdk/src';

let env: TestEnv;
let world: World;
let admin: Context;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const auth = new AuthService(env.dataSource, env.config);
  admin = await createContext(
    { dataSource: env.dataSource, config: env.config, auth, registry: REGISTRY },
    { authorization: `Bearer ${world.tokens.admin}`, clientIp: '127.0.0.1' },
  );
});
afterAll(() => env.close());

/** Runs rows as one import does: one transaction, rolled back when any row is refused. */
async function importRows(rows: AccountRow[]): Promise<AccountUpsert[]> {
  const results: AccountUpsert[] = [];
  await env.dataSource
    .transaction(async (tx) => {
      const ctx: TxContext = withTransaction(admin, tx);
      for (const row of rows) results.push(await userAccountService.upsert(ctx, row));
      if (results.some((r) => r.outcome === 'refused')) throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return results;
}

const manager = (username: string, unitId: number): AccountRow => ({
  username,
  role: Role.UNIT_MANAGER,
  unitId,
  cadreId: null,
});

describe('upserting account rows', () => {
  it('creates, then leaves unchanged, then updates (ending the sessions) by username', async () => {
    const { unitA, unitB } = world.units;
    const [created] = await importRows([manager('HR.Manager', unitA.id)]);
    expect(created).toMatchObject({ outcome: 'created', userErrors: [] });
    expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const [unchanged] = await importRows([manager('hr.manager', unitA.id)]);
    expect(unchanged).toMatchObject({ outcome: 'unchanged', oneTimePassword: null });

    const token = await login(env, 'hr.manager', created.oneTimePassword!);
    const [updated] = await importRows([manager(' HR.MANAGER ', unitB.id)]);
    expect(updated.outcome).toBe('updated');
    expect(updated.user).toMatchObject({ username: 'HR.Manager', unitId: unitB.id });
    const res = await env.graphql(MeDocument, {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('returns every problem of a bad row and, refused, writes nothing', async () => {
    const before = await fingerprint(env.dataSource);
    const results = await importRows([
      manager('fine_row', world.units.unitA.id),
      { username: 'x', role: Role.MENTOR, unitId: world.units.unitB.id, cadreId: null },
      { username: 'admin', role: Role.CADRE, unitId: null, cadreId: world.cadres.cadreA1.id },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'refused', 'refused']);
    expect(results[1].userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_USERNAME', ['username']],
      ['ACCOUNT_CADRE_REQUIRED', ['cadreId']],
    ]);
    // `admin` is the importing administrator: the row would change its own role, to a taken cadre.
    expect(results[2].userErrors.map((e) => e.code)).toEqual(['OWN_ACCOUNT', 'CADRE_HAS_ACCOUNT']);
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });

  it('sees rows created earlier in the same import: a username twice is one account', async () => {
    const results = await importRows([
      manager('twice', world.units.unitA.id),
      { ...manager('TWICE', world.units.unitA.id), role: Role.ANALYST, unitId: null },
    ]);
    // The second row is the same account: an update of the first, as a re-import would be.
    expect(results.map((r) => r.outcome)).toEqual(['created', 'updated']);
  });

  it('takes one-time passwords hashed ahead of the transaction', async () => {
    const otp = await newOneTimePassword();
    let result: AccountUpsert | undefined;
    await env.dataSource.transaction(async (tx) => {
      result = await userAccountService.upsert(
        withTransaction(admin, tx),
        manager('prepared', world.units.unitB.id),
        otp,
      );
    });
    expect(result?.oneTimePassword).toBe(otp.password);
    expect(await login(env, 'prepared', otp.password)).toMatch(/^ey/);
  });
});
