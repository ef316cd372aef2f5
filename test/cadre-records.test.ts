import {
  MeDocument,
  AssignMentorDocument,
  CadresDocument,
  CreateCadreDocument,
  CreatePostingDocument,
  NominateCandidateDocument,
  OpenSelectionRoundDocument,
  RecordCadreDepartureDocument,
  RecordCareerEventDocument,
  SetLeadershipMembershipDocument,
  UpdateCadreDocument,
  type CreateCadreInput,
} from '../sdk/src';
import { today } from '../server/common/dates';
import { fromGlobalId } from '../server/common/global-id';
import { idNumberCheckDigit } from '../server/modules/cadre/id-number';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { Role } from '../server/common/role';
import { buildWorld, gid, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;
let admin: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = world.tokens.admin;
});
afterAll(() => env.close());

let serial = 0;
/** A valid ID number: Beijing Dongcheng, the birth date given, a sequence of that gender. */
function idNumber(birthDate = '1990-03-07', gender: 'MALE' | 'FEMALE' = 'MALE'): string {
  serial++;
  const sequence = String(serial * 2 + (gender === 'MALE' ? 1 : 0)).padStart(3, '0');
  const first17 = `110101${birthDate.replace(/-/g, '')}${sequence}`;
  return first17 + idNumberCheckDigit(first17);
}

function newCadre(overrides: Partial<CreateCadreInput> = {}): CreateCadreInput {
  return {
    homeUnitId: gid('Unit', world.units.unitA.id),
    name: '孙立新',
    idNumber: idNumber(),
    education: 'MASTER',
    politicalStatus: 'CPC_MEMBER',
    positionTitle: '综合科科长',
    rank: 'SECTION_CHIEF',
    specialties: ['产业经济'],
    phone: '13912345678',
    ...overrides,
  };
}

const create = (input: CreateCadreInput) => mutate(env, CreateCadreDocument, input, admin);

async function created(input: CreateCadreInput = newCadre()) {
  const payload = await create(input);
  expect(payload.userErrors).toEqual([]);
  return payload.cadre!;
}

describe('createCadre', () => {
  it('takes birth date and gender from the ID number, normalises it and the phone, audited', async () => {
    const id = idNumber('1985-11-30', 'FEMALE');
    const cadre = await created(
      newCadre({ idNumber: ` ${id.toLowerCase()} `, phone: '139 1234 5678', name: ' 孙丽 ' }),
    );
    expect(cadre).toMatchObject({
      name: '孙丽',
      idNumber: id.toUpperCase(),
      birthDate: '1985-11-30',
      gender: 'FEMALE',
      phone: '13912345678',
      status: 'ACTIVE',
      departedOn: null,
      version: 1,
      homeUnit: { id: gid('Unit', world.units.unitA.id) },
    });
    const [entry] = await env.dataSource.query(
      `SELECT after->>'idNumber' AS "idNumber" FROM audit_entry WHERE action = 'cadre.create'`,
    );
    expect(entry.idNumber).toBe(id.toUpperCase());
  });

  it('accepts a landline with its area code', async () => {
    const cadre = await created(newCadre({ phone: '0791-86123456' }));
    expect(cadre.phone).toBe('0791-86123456');
  });

  it.each([
    ['a wrong check digit', () => wrongCheckDigit(idNumber())],
    ['17 characters', () => idNumber().slice(0, 17)],
    ['a birth date that is no day (Feb 30)', () => withCheck('11010119900230001')],
    ['a birth date in the future', () => withCheck('11010129990101001')],
  ])('refuses an ID number with %s (INVALID_ID_NUMBER)', async (_what, make) => {
    await expectRefused(env, 'INVALID_ID_NUMBER', () => create(newCadre({ idNumber: make() })));
  });

  it.each([
    ['a birth date', { birthDate: '1990-03-08' }],
    ['a gender', { gender: 'FEMALE' as const }],
  ])('refuses %s the ID number contradicts (ID_NUMBER_MISMATCH)', async (_what, overrides) => {
    const payload = await expectRefused(env, 'ID_NUMBER_MISMATCH', () =>
      create(newCadre({ idNumber: idNumber('1990-03-07', 'MALE'), ...overrides })),
    );
    expect(payload.userErrors[0].field).toEqual([Object.keys(overrides)[0]]);
  });

  it('refuses an ID number another cadre has, also written with a lower-case x', async () => {
    let id = idNumber();
    while (!id.endsWith('X')) id = idNumber();
    await created(newCadre({ idNumber: id }));
    await expectRefused(env, 'DUPLICATE_ID_NUMBER', () =>
      create(newCadre({ idNumber: id.toLowerCase() })),
    );
  });

  it.each(['12345', '+86 139 1234 5678', '12912345678', '010-0123456', 'call me'])(
    'refuses the phone number %s (INVALID_PHONE)',
    async (phone) => {
      await expectRefused(env, 'INVALID_PHONE', () => create(newCadre({ phone })));
    },
  );

  it.each([
    ['a name of 101 characters', { name: '孙'.repeat(101) }],
    ['a blank position', { positionTitle: ' ' }],
    ['31 specialties', { specialties: Array.from({ length: 31 }, (_, i) => `专长${i}`) }],
  ])('refuses %s (INVALID_VALUE)', async (_what, overrides) => {
    await expectRefused(env, 'INVALID_VALUE', () => create(newCadre(overrides)));
  });

  // Refused for every string input of the schema before any resolver runs (common/input-guard.ts).
  it.each([
    ['U+0000 in the name', { name: '孙\u0000立' }],
    ['a lone surrogate in a specialty', { specialties: ['\udc00经济'] }],
  ])('refuses %s (BAD_USER_INPUT)', async (_what, overrides) => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      env.graphql(CreateCadreDocument, { input: newCadre(overrides) }, admin),
    );
  });

  it('is FORBIDDEN to the unit’s own manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(CreateCadreDocument, { input: newCadre() }, world.tokens.managerA),
    );
  });
});

describe('updateCadre', () => {
  it('corrects the profile with the version read, audited', async () => {
    const cadre = await created();
    const payload = await mutate(
      env,
      UpdateCadreDocument,
      { cadreId: cadre.id, version: 1, name: '孙立信', rank: 'DIVISION_DEPUTY', phone: '' },
      admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.cadre).toMatchObject({
      name: '孙立信',
      rank: 'DIVISION_DEPUTY',
      phone: null,
      version: 2,
    });
  });

  it('refuses an old version (STALE_VERSION)', async () => {
    const cadre = await created();
    await mutate(env, UpdateCadreDocument, { cadreId: cadre.id, version: 1, name: '甲' }, admin);
    await expectRefused(env, 'STALE_VERSION', () =>
      mutate(env, UpdateCadreDocument, { cadreId: cadre.id, version: 1, name: '乙' }, admin),
    );
  });

  it('refuses a birth date the stored ID number contradicts (ID_NUMBER_MISMATCH)', async () => {
    const cadre = await created();
    await expectRefused(env, 'ID_NUMBER_MISMATCH', () =>
      mutate(
        env,
        UpdateCadreDocument,
        { cadreId: cadre.id, version: 1, birthDate: '1970-01-01' },
        admin,
      ),
    );
  });

  it('changes the ID number with the birth date it gives, not to another cadre’s', async () => {
    const cadre = await created();
    const other = await created();
    await expectRefused(env, 'DUPLICATE_ID_NUMBER', () =>
      mutate(
        env,
        UpdateCadreDocument,
        { cadreId: cadre.id, version: 1, idNumber: other.idNumber! },
        admin,
      ),
    );
    const next = idNumber('1991-01-02');
    const payload = await mutate(
      env,
      UpdateCadreDocument,
      { cadreId: cadre.id, version: 1, idNumber: next, birthDate: '1991-01-02' },
      admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.cadre).toMatchObject({ idNumber: next, birthDate: '1991-01-02' });
  });

  it('has no home unit field: a move is a TRANSFERRED career event', async () => {
    const res = await env.rawGraphql(
      `mutation ($input: UpdateCadreInput!) { updateCadre(input: $input) { cadre { id } } }`,
      { input: { cadreId: gid('Cadre', world.cadres.cadreA2.id), version: 1, homeUnitId: 'x' } },
      admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('setLeadershipMembership', () => {
  const set = (cadreId: string, isLeadership: boolean) =>
    mutate(env, SetLeadershipMembershipDocument, { cadreId, isLeadership, reason: '任命' }, admin);

  it('puts a cadre on the team and takes them off, each audited', async () => {
    const cadre = await created();
    expect((await set(cadre.id, true)).cadre).toMatchObject({ isLeadership: true, version: 2 });
    expect((await set(cadre.id, false)).cadre).toMatchObject({ isLeadership: false, version: 3 });
    const rows = await env.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'cadre.setLeadership' AND entity_id = $1`,
      [fromGlobalId(cadre.id)!.id],
    );
    expect(rows).toEqual([{ reason: '任命' }, { reason: '任命' }]);
  });

  it('changes nothing when the cadre already has that place', async () => {
    const cadre = await created();
    const before = await env.dataSource.query('SELECT count(*) FROM audit_entry');
    expect((await set(cadre.id, false)).cadre).toMatchObject({ isLeadership: false, version: 1 });
    expect(await env.dataSource.query('SELECT count(*) FROM audit_entry')).toEqual(before);
  });

  it('refuses to take a mentor off the team while they mentor (CADRE_IS_MENTORING)', async () => {
    await expectRefused(env, 'CADRE_IS_MENTORING', () =>
      set(gid('Cadre', world.cadres.leaderB.id), false),
    );
  });
});

describe('recordCadreDeparture', () => {
  const depart = (cadreId: string, departedOn = today()) =>
    mutate(
      env,
      RecordCadreDepartureDocument,
      { cadreId, departure: 'RETIRED', departedOn, reason: '到龄退休' },
      admin,
    );

  it('refuses a cadre on an open posting (CADRE_HAS_OPEN_POSTING)', async () => {
    await expectRefused(env, 'CADRE_HAS_OPEN_POSTING', () =>
      depart(gid('Cadre', world.cadres.cadreA1.id)),
    );
  });

  it('refuses a cadre who mentors (CADRE_IS_MENTORING)', async () => {
    await expectRefused(env, 'CADRE_IS_MENTORING', () =>
      depart(gid('Cadre', world.cadres.leaderB.id)),
    );
  });

  it('refuses a date in the future (INVALID_DATES)', async () => {
    const cadre = await created();
    await expectRefused(env, 'INVALID_DATES', () => depart(cadre.id, '2099-01-01'));
  });

  describe('a retired cadre', () => {
    const leaderA = () => gid('Cadre', world.cadres.leaderA.id);

    beforeAll(async () => {
      const payload = await depart(leaderA());
      expect(payload.userErrors).toEqual([]);
      expect(payload.cadre).toMatchObject({
        status: 'RETIRED',
        departedOn: today(),
        isLeadership: false,
      });
    });

    it('is listed by status, with the history kept', async () => {
      const res = await env.graphql(CadresDocument, { filter: { status: ['RETIRED'] } }, admin);
      expect(res.data?.cadres.edges.map((e) => e.node.id)).toEqual([leaderA()]);
    });

    it('gets no new posting (CADRE_DEPARTED)', async () => {
      await expectRefused(env, 'CADRE_DEPARTED', () =>
        mutate(
          env,
          CreatePostingDocument,
          {
            cadreId: leaderA(),
            receivingUnitId: gid('Unit', world.units.unitB.id),
            type: 'DOWNWARD',
            positionTitle: '镇长助理',
            positionRank: 'DIVISION_CHIEF',
            responsibilities: ['协助分管招商引资工作'],
            trainingPlan: '熟悉基层治理',
            startDate: '2027-03-01',
            plannedEndDate: '2028-02-28',
          },
          admin,
        ),
      );
    });

    it('is not nominated (CADRE_DEPARTED)', async () => {
      const round = await mutate(
        env,
        OpenSelectionRoundDocument,
        { name: '2027年下派批次', postingType: 'DOWNWARD', year: 2027, quota: 2 },
        admin,
      );
      await expectRefused(env, 'CADRE_DEPARTED', () =>
        mutate(
          env,
          NominateCandidateDocument,
          { roundId: round.selectionRound!.id, cadreId: leaderA() },
          world.tokens.managerA,
        ),
      );
    });

    it('joins no team, departs no second time, gets no career event (CADRE_DEPARTED)', async () => {
      await expectRefused(env, 'CADRE_DEPARTED', () =>
        mutate(
          env,
          SetLeadershipMembershipDocument,
          { cadreId: leaderA(), isLeadership: true },
          admin,
        ),
      );
      await expectRefused(env, 'CADRE_DEPARTED', () => depart(leaderA()));
      await expectRefused(env, 'CADRE_DEPARTED', () =>
        mutate(
          env,
          RecordCareerEventDocument,
          { cadreId: leaderA(), kind: 'PROMOTED', date: today(), rank: 'BUREAU_DEPUTY' },
          admin,
        ),
      );
    });

    it('keeps a correctable record', async () => {
      const payload = await mutate(
        env,
        UpdateCadreDocument,
        { cadreId: leaderA(), version: 2, positionTitle: '原主任（已退休）' },
        admin,
      );
      expect(payload.userErrors).toEqual([]);
      expect(payload.cadre).toMatchObject({ status: 'RETIRED', version: 3 });
    });
  });

  it('ends the cadre’s own account with the departure: deactivated, audited, its token dead', async () => {
    const cadre = await created();
    const rowId = fromGlobalId(cadre.id)!.id;
    await user(env.dataSource, 'retiring_cadre', Role.CADRE, { cadreId: rowId });
    const token = await login(env, 'retiring_cadre');
    expect((await env.graphql(MeDocument, {}, token)).data?.me).toBeTruthy();

    expect((await depart(cadre.id)).userErrors).toEqual([]);
    const [account] = await env.dataSource.query(
      `SELECT is_active AS "isActive" FROM app_user WHERE username = 'retiring_cadre'`,
    );
    expect(account).toEqual({ isActive: false });
    const [audit] = await env.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'user.deactivate' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ reason: `退休 ${today()}` });
    const res = await env.graphql(MeDocument, {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a mentor leaving the team', () => {
  it('leaves once the posting has another mentor, and may then transfer out', async () => {
    const leaderB = gid('Cadre', world.cadres.leaderB.id);
    const successor = await created(
      newCadre({ homeUnitId: gid('Unit', world.units.unitB.id), isLeadership: true }),
    );
    const assigned = await mutate(
      env,
      AssignMentorDocument,
      {
        postingId: gid('Posting', world.postings.active.id),
        mentorId: successor.id,
        replaceCurrent: true,
        startDate: today(),
      },
      admin,
    );
    expect(assigned.userErrors).toEqual([]);
    const left = await mutate(
      env,
      SetLeadershipMembershipDocument,
      { cadreId: leaderB, isLeadership: false },
      admin,
    );
    expect(left.userErrors).toEqual([]);
    const departed = await mutate(
      env,
      RecordCadreDepartureDocument,
      { cadreId: leaderB, departure: 'TRANSFERRED_OUT', departedOn: today(), reason: '调往外省' },
      admin,
    );
    expect(departed.cadre).toMatchObject({ status: 'TRANSFERRED_OUT', departedOn: today() });
    const [entry] = await env.dataSource.query(
      `SELECT reason, after->>'status' AS status FROM audit_entry WHERE action = 'cadre.transferOut'`,
    );
    expect(entry).toEqual({ reason: '调往外省', status: 'TRANSFERRED_OUT' });
  });
});

function withCheck(first17: string): string {
  return first17 + idNumberCheckDigit(first17);
}

function wrongCheckDigit(valid: string): string {
  return valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
}
