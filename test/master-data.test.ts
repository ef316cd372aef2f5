/**
 * Master data end to end and under concurrency (issue #8): the organisation department sets up a
 * unit, a cadre and the unit's leadership team through the SDK, and two admins racing each other
 * can neither duplicate an ID number, nor lose an edit, nor make a cycle of the unit tree.
 */
import {
  ActivatePostingDocument,
  ArchiveUnitDocument,
  AssignMentorDocument,
  createGuazhiClient,
  CreateCadreDocument,
  CreatePostingDocument,
  CreateUnitDocument,
  SetLeadershipMembershipDocument,
  UpdateUnitDocument,
  type CreateUnitInput,
} from '../sdk/src';
import { today } from '../server/common/dates';
import { Role } from '../server/common/role';
import { createTestEnv, type TestEnv } from './support/env';
import { masterDataInputs } from './support/master-data-inputs';
import { mutate } from './support/mutations';
import { buildWorld, gid, login, PASSWORD, user, type World } from './support/world';

let env: TestEnv;
let world: World;
/** Two organisation-department accounts, as two people at two desks. */
let admins: [string, string];

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await user(env.dataSource, 'admin2', Role.ORG_ADMIN);
  admins = [world.tokens.admin, await login(env, 'admin2')];
});
afterAll(() => env.close());

const { newUnit, newCadre } = masterDataInputs(() => world, 'MD');

async function createdUnit(input: CreateUnitInput = newUnit()) {
  const payload = await mutate(env, CreateUnitDocument, input, admins[0]);
  expect(payload.userErrors).toEqual([]);
  return payload.unit!;
}

describe('onboarding through the SDK', () => {
  it('creates a unit and a cadre, puts them on the team, and the cadre mentors a posting the unit receives', async () => {
    const anonymous = createGuazhiClient({ url: env.url });
    const { login: signedIn } = await anonymous.login({
      input: { username: 'admin', password: PASSWORD },
    });
    const client = anonymous.withToken(signedIn.token!);

    const { createUnit } = await client.createUnit({
      input: {
        code: 'ls-town',
        name: '柳树镇人民政府',
        kind: 'TOWNSHIP',
        adminLevel: 'TOWNSHIP',
        region: '示例市',
        parentId: gid('Unit', world.units.city.id),
      },
    });
    expect(createUnit.userErrors).toEqual([]);
    const unit = createUnit.unit!;
    expect(unit.code).toBe('LS-TOWN');

    const { createCadre } = await client.createCadre({
      input: newCadre(unit.id, { name: '柳青', phone: '13607910000' }),
    });
    expect(createCadre.userErrors).toEqual([]);
    const mentor = createCadre.cadre!;

    const { setLeadershipMembership } = await client.setLeadershipMembership({
      input: { cadreId: mentor.id, isLeadership: true, reason: '镇党委委员' },
    });
    expect(setLeadershipMembership.cadre).toMatchObject({ isLeadership: true, version: 2 });

    const { createPosting } = await client.createPosting({
      input: {
        cadreId: gid('Cadre', world.cadres.cadreA2.id),
        receivingUnitId: unit.id,
        type: 'DOWNWARD',
        positionTitle: '镇长助理',
        positionRank: 'SECTION_CHIEF',
        responsibilities: ['协助分管乡村振兴工作'],
        trainingPlan: '熟悉基层治理',
        startDate: today(),
        plannedEndDate: '2099-12-31',
      },
    });
    expect(createPosting.userErrors).toEqual([]);
    const postingId = createPosting.posting!.id;
    const { activatePosting } = await client.activatePosting({ input: { postingId } });
    expect(activatePosting.userErrors).toEqual([]);

    const { assignMentor } = await client.assignMentor({
      input: { postingId, mentorId: mentor.id, startDate: today() },
    });
    expect(assignMentor.userErrors).toEqual([]);
    expect(assignMentor.mentorship?.mentor?.id).toBe(mentor.id);

    const { unit: team } = await client.unit({ id: unit.id });
    expect(team && 'leadershipTeam' in team && team.leadershipTeam.nodes.map((c) => c.id)).toEqual([
      mentor.id,
    ]);
  });
});

describe('two admins at once', () => {
  it('create a cadre of one ID number: exactly one wins, the other gets DUPLICATE_ID_NUMBER', async () => {
    const unitId = gid('Unit', world.units.unitA.id);
    for (let round = 0; round < 5; round++) {
      const input = newCadre(unitId);
      const payloads = await Promise.all(
        admins.map((token) => mutate(env, CreateCadreDocument, input, token)),
      );
      const codes = payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
      expect(codes).toEqual(['DUPLICATE_ID_NUMBER', 'OK']);
      const [{ n }] = await env.dataSource.query(
        'SELECT count(*)::int AS n FROM cadre WHERE id_number = $1',
        [input.idNumber],
      );
      expect(n).toBe(1);
    }
  });

  it('create sibling units of one name, or of one code: exactly one wins each time', async () => {
    for (let round = 0; round < 5; round++) {
      const sameName = newUnit();
      const byName = await Promise.all(
        admins.map((token, i) =>
          mutate(env, CreateUnitDocument, { ...sameName, code: `${sameName.code}-${i}` }, token),
        ),
      );
      const sameCode = newUnit();
      const byCode = await Promise.all(
        admins.map((token, i) =>
          mutate(env, CreateUnitDocument, { ...sameCode, name: `${sameCode.name}${i}` }, token),
        ),
      );
      const codes = (payloads: typeof byName) =>
        payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
      expect(codes(byName)).toEqual(['DUPLICATE_UNIT_NAME', 'OK']);
      expect(codes(byCode)).toEqual(['DUPLICATE_UNIT_CODE', 'OK']);
    }
  });

  it('edit one unit with one version: one edit lands, the other gets STALE_VERSION', async () => {
    const unit = await createdUnit();
    const payloads = await Promise.all(
      admins.map((token, i) =>
        mutate(env, UpdateUnitDocument, { unitId: unit.id, version: 1, region: `区${i}` }, token),
      ),
    );
    const codes = payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
    expect(codes).toEqual(['OK', 'STALE_VERSION']);
    const [{ version }] = await env.dataSource.query('SELECT version FROM unit WHERE code = $1', [
      unit.code,
    ]);
    expect(version).toBe(2);
  });

  it('move two units under each other: one move lands, the other is UNIT_HIERARCHY_CYCLE', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await createdUnit(), await createdUnit()];
      const payloads = await Promise.all([
        mutate(env, UpdateUnitDocument, { unitId: a.id, version: 1, parentId: b.id }, admins[0]),
        mutate(env, UpdateUnitDocument, { unitId: b.id, version: 1, parentId: a.id }, admins[1]),
      ]);
      const codes = payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
      expect(codes).toEqual(['OK', 'UNIT_HIERARCHY_CYCLE']);
    }
    expect(await unitsOnACycle()).toEqual([]);
  });

  it('move two branches under each other’s children: one move lands, the other is UNIT_HIERARCHY_CYCLE', async () => {
    // No row is locked by both moves here (each locks its unit and the new parent only): only the
    // hierarchy lock makes the second walk up see the first move.
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await createdUnit(), await createdUnit()];
      const [underA, underB] = [
        await createdUnit(newUnit({ parentId: a.id })),
        await createdUnit(newUnit({ parentId: b.id })),
      ];
      const payloads = await Promise.all([
        mutate(
          env,
          UpdateUnitDocument,
          { unitId: a.id, version: 1, parentId: underB.id },
          admins[0],
        ),
        mutate(
          env,
          UpdateUnitDocument,
          { unitId: b.id, version: 1, parentId: underA.id },
          admins[1],
        ),
      ]);
      const codes = payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
      expect(codes).toEqual(['OK', 'UNIT_HIERARCHY_CYCLE']);
    }
    expect(await unitsOnACycle()).toEqual([]);
  });

  it('close a ring of three units: never all three moves', async () => {
    for (let round = 0; round < 5; round++) {
      const ring = [await createdUnit(), await createdUnit(), await createdUnit()];
      const payloads = await Promise.all(
        ring.map((unit, i) =>
          mutate(
            env,
            UpdateUnitDocument,
            { unitId: unit.id, version: 1, parentId: ring[(i + 1) % 3].id },
            admins[i % 2],
          ),
        ),
      );
      const codes = payloads.map((p) => p.userErrors.map((e) => e.code).join() || 'OK').sort();
      expect(codes).toEqual(['OK', 'OK', 'UNIT_HIERARCHY_CYCLE']);
    }
    expect(await unitsOnACycle()).toEqual([]);
  });

  it('archive a unit while a cadre is created in it: either the cadre or the archive, not both', async () => {
    for (let round = 0; round < 5; round++) {
      const unit = await createdUnit();
      const [archived, cadre] = await Promise.all([
        mutate(env, ArchiveUnitDocument, { unitId: unit.id, archivedOn: today() }, admins[0]),
        mutate(env, CreateCadreDocument, newCadre(unit.id), admins[1]),
      ]);
      const codes = [archived, cadre].map((p) => p.userErrors.map((e) => e.code).join() || 'OK');
      expect([
        ['OK', 'UNIT_ARCHIVED'],
        ['UNIT_IN_USE', 'OK'],
      ]).toContainEqual(codes);
    }
  });
});

describe('a leader leaving the team while a mentor is assigned', () => {
  it('ends either with the mentoring or with the cadre off the team, never a mentor off the team', async () => {
    for (let round = 0; round < 5; round++) {
      const unit = await createdUnit();
      const leader = await mutate(
        env,
        CreateCadreDocument,
        newCadre(unit.id, { isLeadership: true }),
        admins[0],
      );
      const mentee = await mutate(
        env,
        CreateCadreDocument,
        newCadre(gid('Unit', world.units.unitA.id)),
        admins[0],
      );
      const posting = await mutate(
        env,
        CreatePostingDocument,
        {
          cadreId: mentee.cadre!.id,
          receivingUnitId: unit.id,
          type: 'DOWNWARD',
          positionTitle: '镇长助理',
          positionRank: 'SECTION_DEPUTY',
          responsibilities: ['协助分管乡村振兴工作'],
          trainingPlan: '熟悉基层治理',
          startDate: today(),
          plannedEndDate: '2099-12-31',
        },
        admins[0],
      );
      const postingId = posting.posting!.id;
      await mutate(env, ActivatePostingDocument, { postingId }, admins[0]);
      const mentorId = leader.cadre!.id;
      const [assigned, left] = await Promise.all([
        mutate(env, AssignMentorDocument, { postingId, mentorId, startDate: today() }, admins[0]),
        mutate(
          env,
          SetLeadershipMembershipDocument,
          { cadreId: mentorId, isLeadership: false },
          admins[1],
        ),
      ]);
      const codes = [assigned, left].map((p) => p.userErrors.map((e) => e.code).join() || 'OK');
      expect([
        ['OK', 'CADRE_IS_MENTORING'],
        ['MENTOR_NOT_LEADERSHIP', 'OK'],
      ]).toContainEqual(codes);
    }
  });
});

/** Units from which walking up the parents comes back to themselves. */
async function unitsOnACycle(): Promise<number[]> {
  const rows = await env.dataSource.query(
    `WITH RECURSIVE up(start, id, depth) AS (
       SELECT id, parent_id, 1 FROM unit WHERE parent_id IS NOT NULL
       UNION ALL
       SELECT up.start, u.parent_id, up.depth + 1 FROM up JOIN unit u ON u.id = up.id
        WHERE u.parent_id IS NOT NULL AND up.id <> up.start AND up.depth < 1000
     ) SELECT DISTINCT start FROM up WHERE id = start`,
  );
  return rows.map((r: { start: number }) => r.start);
}
