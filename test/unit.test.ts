import {
  MeDocument,
  ArchiveUnitDocument,
  CreateCadreDocument,
  CreatePostingDocument,
  CreateUnitDocument,
  RecordCareerEventDocument,
  UnitDocument,
  UnitsDocument,
  UpdateUnitDocument,
  type CreateUnitInput,
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
function newUnit(overrides: Partial<CreateUnitInput> = {}): CreateUnitInput {
  serial++;
  return {
    code: `new-${serial}`,
    name: `新设单位${serial}`,
    kind: 'TOWNSHIP',
    adminLevel: 'TOWNSHIP',
    region: '示例市',
    ...overrides,
  };
}

const create = (input: CreateUnitInput) => mutate(env, CreateUnitDocument, input, admin);

async function created(input: CreateUnitInput) {
  const payload = await create(input);
  expect(payload.userErrors).toEqual([]);
  return payload.unit!;
}

describe('createUnit', () => {
  it('adds a unit under an active parent, code upper-cased, audited', async () => {
    const unit = await created(
      newUnit({
        code: ' qs-01 ',
        name: ' 青山镇党建办 ',
        parentId: gid('Unit', world.units.unitB.id),
      }),
    );
    expect(unit).toMatchObject({
      code: 'QS-01',
      name: '青山镇党建办',
      archivedOn: null,
      version: 1,
      parent: { id: gid('Unit', world.units.unitB.id) },
    });
    const [entry] = await env.dataSource.query(
      `SELECT action, entity, after->>'code' AS code FROM audit_entry WHERE action = 'unit.create'`,
    );
    expect(entry).toEqual({ action: 'unit.create', entity: 'Unit', code: 'QS-01' });
  });

  it('refuses a code another unit has, whatever its case (DUPLICATE_UNIT_CODE)', async () => {
    await created(newUnit({ code: 'DUP-1' }));
    await expectRefused(env, 'DUPLICATE_UNIT_CODE', () => create(newUnit({ code: 'dup-1' })));
  });

  it('refuses a name an active sibling has (DUPLICATE_UNIT_NAME), not one under another parent', async () => {
    const parentId = gid('Unit', world.units.city.id);
    await expectRefused(env, 'DUPLICATE_UNIT_NAME', () =>
      create(newUnit({ name: world.units.unitA.name, parentId })),
    );
    await created(
      newUnit({ name: world.units.unitA.name, parentId: gid('Unit', world.units.unitC.id) }),
    );
  });

  it.each([
    ['a malformed code', { code: '单位 1' }],
    ['a code of 33 characters', { code: 'A'.repeat(33) }],
    ['a blank name', { name: '   ' }],
    ['a name of 201 characters', { name: '镇'.repeat(201) }],
  ])('refuses %s (INVALID_VALUE) and writes nothing', async (_what, overrides) => {
    await expectRefused(env, 'INVALID_VALUE', () => create(newUnit(overrides)));
  });

  // Refused for every string input of the schema before any resolver runs (common/input-guard.ts).
  it.each([
    ['U+0000 in the name', { name: '青山\u0000镇' }],
    ['a lone surrogate in the region', { region: '示例\ud800市' }],
  ])('refuses %s (BAD_USER_INPUT) and writes nothing', async (_what, overrides) => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      env.graphql(CreateUnitDocument, { input: newUnit(overrides) }, admin),
    );
  });

  it('refuses a parent ID that is not a unit (INVALID_VALUE on parentId)', async () => {
    const payload = await expectRefused(env, 'INVALID_VALUE', () =>
      create(newUnit({ parentId: gid('Cadre', world.cadres.cadreA1.id) })),
    );
    expect(payload.userErrors[0].field).toEqual(['parentId']);
  });

  it('is FORBIDDEN to a unit manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(CreateUnitDocument, { input: newUnit() }, world.tokens.managerA),
    );
  });
});

describe('updateUnit', () => {
  it('edits with the version read and counts it up', async () => {
    const unit = await created(newUnit());
    const payload = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: unit.id, version: 1, name: '改名后的单位', isDevelopedRegion: true },
      admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.unit).toMatchObject({
      name: '改名后的单位',
      isDevelopedRegion: true,
      version: 2,
    });
  });

  it('refuses an old version (STALE_VERSION)', async () => {
    const unit = await created(newUnit());
    await mutate(env, UpdateUnitDocument, { unitId: unit.id, version: 1, region: '新区' }, admin);
    await expectRefused(env, 'STALE_VERSION', () =>
      mutate(env, UpdateUnitDocument, { unitId: unit.id, version: 1, region: '旧区' }, admin),
    );
  });

  it('refuses to put a unit under itself or its descendant (UNIT_HIERARCHY_CYCLE)', async () => {
    const top = await created(newUnit());
    const child = await created(newUnit({ parentId: top.id }));
    const grandchild = await created(newUnit({ parentId: child.id }));
    for (const parentId of [top.id, grandchild.id]) {
      await expectRefused(env, 'UNIT_HIERARCHY_CYCLE', () =>
        mutate(env, UpdateUnitDocument, { unitId: top.id, version: 1, parentId }, admin),
      );
    }
  });

  it('moves a unit to the top with parentId null, and under another branch', async () => {
    const top = await created(newUnit());
    const child = await created(newUnit({ parentId: top.id }));
    const moved = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: child.id, version: 1, parentId: null },
      admin,
    );
    expect(moved.unit).toMatchObject({ parent: null, version: 2 });
    const back = await mutate(
      env,
      UpdateUnitDocument,
      { unitId: top.id, version: 1, parentId: child.id },
      admin,
    );
    expect(back.userErrors).toEqual([]);
    expect(back.unit?.parent?.id).toBe(child.id);
  });

  it('keeps the database free of cycles even when code is bypassed (trigger)', async () => {
    const top = await created(newUnit());
    const child = await created(newUnit({ parentId: top.id }));
    const ids = [top.id, child.id].map((id) => fromGlobalId(id)!.id);
    await expect(
      env.dataSource.query('UPDATE unit SET parent_id = $1 WHERE id = $2', [ids[1], ids[0]]),
    ).rejects.toThrow(/own descendant/);
  });
});

describe('archiveUnit', () => {
  const archive = (unitId: string, archivedOn = today()) =>
    mutate(env, ArchiveUnitDocument, { unitId, archivedOn, reason: '机构改革撤销' }, admin);

  it('refuses while the unit has active cadres and postings it receives (UNIT_IN_USE)', async () => {
    const payload = await expectRefused(env, 'UNIT_IN_USE', () =>
      archive(gid('Unit', world.units.unitB.id)),
    );
    expect(payload.userErrors[0].message).toMatch(/active cadres.*postings it receives/);
  });

  it('refuses while the unit has active sub-units (UNIT_IN_USE)', async () => {
    const top = await created(newUnit());
    await created(newUnit({ parentId: top.id }));
    await expectRefused(env, 'UNIT_IN_USE', () => archive(top.id));
  });

  it('refuses a date in the future (INVALID_DATES)', async () => {
    const unit = await created(newUnit());
    await expectRefused(env, 'INVALID_DATES', () => archive(unit.id, '2099-01-01'));
  });

  describe('an archived unit', () => {
    let unit: { id: string; name: string };

    beforeAll(async () => {
      unit = await created(
        newUnit({ kind: 'TOWNSHIP', parentId: gid('Unit', world.units.city.id) }),
      );
      const payload = await archive(unit.id);
      expect(payload.userErrors).toEqual([]);
      expect(payload.unit).toMatchObject({ archivedOn: today(), version: 2 });
    });

    it('stays readable, and is listed as archived', async () => {
      const res = await env.graphql(UnitDocument, { id: unit.id }, world.tokens.analyst);
      expect(res.data?.unit).toMatchObject({ name: unit.name });
      const list = await env.graphql(UnitsDocument, { filter: { isArchived: true } }, admin);
      expect(list.data?.units.edges.map((e) => e.node.id)).toEqual([unit.id]);
    });

    it('is not edited again (UNIT_ARCHIVED)', async () => {
      await expectRefused(env, 'UNIT_ARCHIVED', () =>
        mutate(env, UpdateUnitDocument, { unitId: unit.id, version: 2, region: '新区' }, admin),
      );
      await expectRefused(env, 'UNIT_ARCHIVED', () => archive(unit.id));
    });

    it('takes no sub-units (UNIT_ARCHIVED)', async () => {
      await expectRefused(env, 'UNIT_ARCHIVED', () => create(newUnit({ parentId: unit.id })));
    });

    it('frees its name for a new unit under the same parent', async () => {
      await created(newUnit({ name: unit.name, parentId: gid('Unit', world.units.city.id) }));
    });

    it('gets no new cadres (UNIT_ARCHIVED)', async () => {
      const first17 = '11010119900307001';
      await expectRefused(env, 'UNIT_ARCHIVED', () =>
        mutate(
          env,
          CreateCadreDocument,
          {
            homeUnitId: unit.id,
            name: '新人',
            idNumber: first17 + idNumberCheckDigit(first17),
            education: 'BACHELOR',
            politicalStatus: 'CPC_MEMBER',
            positionTitle: '科员',
            rank: 'STAFF',
          },
          admin,
        ),
      );
    });

    it('receives no postings (UNIT_ARCHIVED)', async () => {
      await expectRefused(env, 'UNIT_ARCHIVED', () =>
        mutate(
          env,
          CreatePostingDocument,
          {
            cadreId: gid('Cadre', world.cadres.leaderA.id),
            receivingUnitId: unit.id,
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

    it('is no transfer destination (UNIT_ARCHIVED)', async () => {
      await expectRefused(env, 'UNIT_ARCHIVED', () =>
        mutate(
          env,
          RecordCareerEventDocument,
          {
            cadreId: gid('Cadre', world.cadres.leaderA.id),
            kind: 'TRANSFERRED',
            date: today(),
            unitId: unit.id,
          },
          admin,
        ),
      );
    });
  });

  it('ends its managers’ accounts with it, audited, and leaves other roles’ alone', async () => {
    const unit = await created(newUnit());
    const unitId = Number(fromGlobalId(unit.id)!.id);
    await user(env.dataSource, 'closing_manager', Role.UNIT_MANAGER, { unitId });
    const token = await login(env, 'closing_manager');
    expect((await archive(unit.id)).userErrors).toEqual([]);
    const accounts = await env.dataSource.query(
      `SELECT username, is_active AS "isActive" FROM app_user WHERE unit_id = $1`,
      [unitId],
    );
    expect(accounts).toEqual([{ username: 'closing_manager', isActive: false }]);
    const [audit] = await env.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'user.deactivate' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ reason: `单位撤销 ${today()}` });
    const res = await env.graphql(MeDocument, {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
