import {
  CadreNamesDocument,
  CadrePersonalDataDocument,
  LeadershipTeamDocument,
  UpdateMyPhoneDocument,
} from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';
import { expectDenied } from './support/mutations';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

async function personal(token: string, cadreId: number) {
  return env.graphql(CadrePersonalDataDocument, { id: gid('Cadre', cadreId) }, token);
}

describe('cadre personal data', () => {
  it('shows ID number, phone and birth date to the org department', async () => {
    const res = await personal(world.tokens.admin, world.cadres.cadreA1.id);
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toMatchObject({
      birthDate: '1988-05-17',
      birthYear: 1988,
      phone: '13800000000',
    });
    expect(withField(res.data?.node, 'idNumber').idNumber).toMatch(/^[0-9]{17}[0-9X]$/);
  });

  it('shows the cadre their own personal data', async () => {
    const res = await personal(world.tokens.cadre, world.cadres.cadreA1.id);
    expect(res.errors).toBeUndefined();
    expect(withField(res.data?.node, 'phone').phone).toBe('13800000000');
  });

  it.each([
    ['analyst', 'analyst'],
    ['home unit manager', 'managerA'],
    ['receiving unit manager', 'managerB'],
    ['mentor', 'mentor'],
  ] as const)(
    'nulls personal fields with FORBIDDEN at each path for the %s',
    async (_who, role) => {
      const res = await personal(world.tokens[role], world.cadres.cadreA1.id);
      expect(res.data?.node).toEqual({
        name: '李明',
        birthYear: 1988,
        birthDate: null,
        idNumber: null,
        phone: null,
      });
      const denied = res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]).sort();
      expect(denied).toEqual([
        ['node.birthDate', 'FORBIDDEN'],
        ['node.idNumber', 'FORBIDDEN'],
        ['node.phone', 'FORBIDDEN'],
      ]);
    },
  );
});

describe('cadres visible to each role', () => {
  const names = async (token: string) => {
    const res = await env.graphql(CadreNamesDocument, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.cadres.nodes.map((n) => n.name).sort();
  };

  it('gives a unit manager own cadres and those serving a posting the unit receives', async () => {
    expect(await names(world.tokens.managerB)).toEqual(['刘洋', '李明', '陈志强'].sort());
  });

  it('gives a mentor themself and current mentees', async () => {
    expect(await names(world.tokens.mentor)).toEqual(['李明', '陈志强'].sort());
  });

  it('gives a cadre themself and their current mentor', async () => {
    expect(await names(world.tokens.cadre)).toEqual(['李明', '陈志强'].sort());
  });

  it('lists a unit’s leadership team from unit.leadershipTeam', async () => {
    const res = await env.graphql(
      LeadershipTeamDocument,
      { id: gid('Unit', world.units.unitA.id) },
      world.tokens.admin,
    );
    expect(withField(res.data?.node, 'leadershipTeam').leadershipTeam.nodes).toEqual([
      { name: '王建国', isLeadership: true },
    ]);
  });
});

describe('updateMyContactDetails', () => {
  const update = (phone: string | null, token: string) =>
    env.graphql(UpdateMyPhoneDocument, { input: { phone } }, token);

  it('lets a cadre change their own phone number, audited', async () => {
    const res = await update('13912345678', world.tokens.cadre);
    expect(res.data?.updateMyContactDetails).toEqual({
      cadre: { phone: '13912345678' },
      userErrors: [],
    });
    const [entry] = await env.dataSource.query(
      `SELECT before, after FROM audit_entry WHERE action = 'cadre.updateContactDetails' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ before: { phone: '13800000000' }, after: { phone: '13912345678' } });
  });

  it('answers BAD_USER_INPUT for something that is not a telephone number and writes nothing', async () => {
    await expectDenied(env, 'BAD_USER_INPUT', () => update('call me', world.tokens.cadre));
  });

  it.each(['admin', 'managerA', 'analyst'] as const)('is FORBIDDEN to %s', async (role) => {
    await expectDenied(env, 'FORBIDDEN', () => update('13900000000', world.tokens[role]));
  });
});
