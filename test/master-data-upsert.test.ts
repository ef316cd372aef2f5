/**
 * The contract the import layer builds on (issue #8): a row is checked for every problem at once
 * without the database, then upserted on its natural key (unit code, ID number) inside the
 * import's one transaction with the rules of the mutations, and reported created / updated /
 * unchanged. A refused row throws before it writes anything, so the transaction stays usable.
 */
import { createLoaders } from '../server/common/loaders';
import { BusinessError, runMutation } from '../server/common/mutation';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import type { Context, TxContext } from '../server/context';
import { AuthService } from '../server/modules/auth/auth.service';
import { REGISTRY } from '../server/modules';
import {
  Gender,
  CadreRank,
  Education,
  PoliticalStatus,
} from '../server/modules/cadre/cadre.entity';
import {
  cadreWriteService,
  type NewCadreFields,
} from '../server/modules/cadre/cadre-write.service';
import { idNumberCheckDigit } from '../server/modules/cadre/id-number';
import { AdminLevel, FrontlineArea, UnitKind } from '../server/modules/unit/unit.entity';
import { unitWriteService } from '../server/modules/unit/unit-write.service';
import { unknownUnitCode, type UnitFields } from '../server/modules/unit/unit.rules';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, type World } from './support/world';

let env: TestEnv;
let world: World;
let ctx: Context;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const [{ id }] = await env.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
  const viewer: Viewer = {
    userId: id,
    apiKeyId: null,
    username: 'admin',
    role: Role.ORG_ADMIN,
    unitId: null,
    cadreId: null,
  };
  ctx = {
    requestId: 'import-test',
    viewer,
    clientIp: '127.0.0.1',
    locale: 'en',
    loaders: createLoaders(env.dataSource, { viewer }, REGISTRY.nodes),
    dataSource: env.dataSource,
    config: env.config,
    auth: new AuthService(env.dataSource, env.config),
    registry: REGISTRY,
    signIn: () => undefined,
    readFrom: () => undefined,
  };
});
afterAll(() => env.close());

const unitRow = (overrides: Partial<UnitFields> = {}): UnitFields => ({
  code: 'imp-1',
  name: '导入测试镇',
  kind: UnitKind.TOWNSHIP,
  adminLevel: AdminLevel.TOWNSHIP,
  region: '示例市',
  isDevelopedRegion: false,
  frontlineArea: null,
  parentId: world.units.city.id,
  ...overrides,
});

const first17 = '36010219870615003';
const cadreRow = (overrides: Partial<NewCadreFields> = {}): NewCadreFields => ({
  homeUnitId: world.units.unitA.id,
  isLeadership: false,
  name: '导入干部',
  education: Education.BACHELOR,
  politicalStatus: PoliticalStatus.CPC_MEMBER,
  positionTitle: '科员',
  rank: CadreRank.STAFF,
  isReserve: false,
  isTrainee: false,
  isRecruitedGraduate: false,
  specialties: [],
  idNumber: first17 + idNumberCheckDigit(first17),
  phone: '13607910001',
  ...overrides,
});

const auditCount = async (action: string) =>
  (
    await env.dataSource.query('SELECT count(*)::int AS n FROM audit_entry WHERE action = $1', [
      action,
    ])
  )[0].n;

describe('unit rows', () => {
  it('lists every problem of a row at once', () => {
    const problems = unitWriteService.problems({
      ...unitRow({ code: '坏 代码', name: ' ', region: 'x\u0000' }),
      kind: 'VILLAGE' as UnitKind,
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['code', 'INVALID_VALUE'],
      ['name', 'INVALID_VALUE'],
      ['region', 'INVALID_VALUE'],
      ['kind', 'INVALID_VALUE'],
    ]);
  });

  it('creates, then leaves alone, then updates on the unit code, with the import’s reason', async () => {
    const note = { reason: 'import 42, line 2' };
    const run = (row: UnitFields) =>
      runMutation(ctx, (tx) => unitWriteService.upsert(tx, row, note)).then((r) => r.result!);
    expect((await run(unitRow())).outcome).toBe('created');
    expect((await run(unitRow({ code: ' IMP-1 ' }))).outcome).toBe('unchanged');
    const updated = await run(unitRow({ name: '导入测试镇（更名）' }));
    expect(updated.outcome).toBe('updated');
    expect(updated.unit).toMatchObject({ code: 'IMP-1', name: '导入测试镇（更名）', version: 2 });
    const reasons = await env.dataSource.query(
      `SELECT action, reason FROM audit_entry WHERE entity = 'Unit' AND entity_id = $1 ORDER BY id`,
      [updated.unit.id],
    );
    expect(reasons).toEqual([
      { action: 'unit.create', reason: 'import 42, line 2' },
      { action: 'unit.update', reason: 'import 42, line 2' },
    ]);
    const byCode = await unitWriteService.byCodes(ctx, ['imp-1', 'nope']);
    expect([...byCode.keys()]).toEqual(['IMP-1']);
    expect(unknownUnitCode('parentCode', 'nope')).toEqual({
      field: 'parentCode',
      code: 'UNKNOWN_UNIT_CODE',
      message: { en: 'No unit has the code NOPE (单位代码)', zh: '没有单位代码为 NOPE 的单位' },
    });
  });

  it('refuses a row with a cycle before writing, and the transaction goes on', async () => {
    const outcome = await runMutation(ctx, async (tx) => {
      const top = await unitWriteService.upsert(tx, unitRow({ code: 'IMP-TOP', name: '上级' }));
      const child = await unitWriteService.upsert(
        tx,
        unitRow({ code: 'IMP-CHILD', name: '下级', parentId: top.unit.id }),
      );
      const refused = await unitWriteService
        .upsert(tx, unitRow({ code: 'IMP-TOP', name: '上级', parentId: child.unit.id }))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BusinessError);
      expect((refused as BusinessError).code).toBe('UNIT_HIERARCHY_CYCLE');
      return unitWriteService.upsert(tx, unitRow({ code: 'IMP-NEXT', name: '下一行' }));
    });
    expect(outcome.result?.outcome).toBe('created');
  });
});

describe('cadre rows', () => {
  it('lists every problem of a row at once', () => {
    const problems = cadreWriteService.problems({
      ...cadreRow({ name: '', phone: '12345', idNumber: '36010219870615003Z' }),
      gender: Gender.FEMALE,
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['name', 'INVALID_VALUE'],
      ['idNumber', 'INVALID_ID_NUMBER'],
      ['phone', 'INVALID_PHONE'],
    ]);
    expect(cadreWriteService.problems({ ...cadreRow(), gender: Gender.FEMALE })).toEqual([
      expect.objectContaining({ field: 'gender', code: 'ID_NUMBER_MISMATCH' }),
    ]);
  });

  it('creates, then leaves alone, then updates on the ID number; the team place is audited apart', async () => {
    const run = (row: NewCadreFields) =>
      runMutation(ctx, (tx) => cadreWriteService.upsert(tx, row)).then((r) => r.result!);
    const created = await run(cadreRow());
    expect(created.outcome).toBe('created');
    expect(created.cadre).toMatchObject({ birthDate: '1987-06-15', gender: Gender.MALE });
    expect((await run(cadreRow({ phone: '136 0791 0001' }))).outcome).toBe('unchanged');
    const teams = await auditCount('cadre.setLeadership');
    const updated = await run(cadreRow({ positionTitle: '副科长', isLeadership: true }));
    expect(updated.outcome).toBe('updated');
    expect(updated.cadre).toMatchObject({ positionTitle: '副科长', isLeadership: true });
    expect(await auditCount('cadre.setLeadership')).toBe(teams + 1);
  });

  it('refuses another home unit: a move is a career event (TRANSFER_REQUIRED)', async () => {
    const result = await runMutation(ctx, (tx) =>
      cadreWriteService.upsert(tx, cadreRow({ homeUnitId: world.units.unitB.id })),
    );
    expect(result.userErrors.map((e) => e.code)).toEqual(['TRANSFER_REQUIRED']);
  });

  it('refuses to take a mentor off the team (CADRE_IS_MENTORING), writing nothing of the row', async () => {
    const leaderB = world.cadres.leaderB;
    // The world's ID numbers only look like ones; give this cadre a real one (born 1988-05-17).
    const idNumber = '11010119880517011' + idNumberCheckDigit('11010119880517011');
    await env.dataSource.query('UPDATE cadre SET id_number = $1 WHERE id = $2', [
      idNumber,
      leaderB.id,
    ]);
    const [row] = await env.dataSource.query('SELECT * FROM cadre WHERE id = $1', [leaderB.id]);
    const result = await runMutation(ctx, (tx) =>
      cadreWriteService.upsert(
        tx,
        cadreRow({
          homeUnitId: leaderB.homeUnitId,
          idNumber,
          name: '陈志强（改）',
          isLeadership: false,
        }),
      ),
    );
    expect(result.userErrors.map((e) => e.code)).toEqual(['CADRE_IS_MENTORING']);
    expect(await env.dataSource.query('SELECT * FROM cadre WHERE id = $1', [leaderB.id])).toEqual([
      row,
    ]);
  });
});

describe('rows as the import layer reads them (codes, empty cells)', () => {
  const run = <T>(work: (tx: TxContext) => Promise<T>) => runMutation(ctx, work);

  it('finds a parent given earlier in the same file, and keeps what an empty cell leaves out', async () => {
    const result = await run(async (tx) => {
      await unitWriteService.upsertRow(tx, {
        ...unitRow({ code: 'ROW-TOP', name: '行上级' }),
        isDevelopedRegion: true,
        parentCode: null,
      });
      return unitWriteService.upsertRow(tx, {
        ...unitRow({ code: 'ROW-CHILD', name: '行下级' }),
        isDevelopedRegion: null,
        parentCode: 'row-top',
      });
    });
    expect(result.result?.unit).toMatchObject({ isDevelopedRegion: false, version: 1 });
    const again = await run((tx) =>
      unitWriteService.upsertRow(tx, {
        ...unitRow({ code: 'ROW-TOP', name: '行上级' }),
        isDevelopedRegion: null,
        parentCode: null,
      }),
    );
    expect(again.result?.outcome).toBe('unchanged');
  });

  it('sets the front-line area (急难险重领域) from its cell and keeps it where the cell is empty', async () => {
    const row = (frontlineArea: FrontlineArea | null) =>
      run((tx) =>
        unitWriteService.upsertRow(tx, {
          ...unitRow({ code: 'ROW-FL', name: '行信访局', frontlineArea }),
          isDevelopedRegion: null,
          parentCode: null,
        }),
      );
    const created = await row(FrontlineArea.PETITIONS);
    expect(created.result?.unit).toMatchObject({ frontlineArea: 'PETITIONS', version: 1 });
    expect((await row(null)).result?.outcome).toBe('unchanged');
    const changed = await row(FrontlineArea.CITY_CONSTRUCTION);
    expect(changed.result).toMatchObject({
      outcome: 'updated',
      unit: { frontlineArea: 'CITY_CONSTRUCTION', version: 2 },
    });
  });

  it('refuses a parent code nobody has (UNKNOWN_UNIT_CODE)', async () => {
    const result = await run((tx) =>
      unitWriteService.upsertRow(tx, {
        ...unitRow({ code: 'ROW-X' }),
        isDevelopedRegion: null,
        parentCode: 'NOPE',
      }),
    );
    expect(result.userErrors).toEqual([
      {
        field: ['parentCode'],
        code: 'UNKNOWN_UNIT_CODE',
        message: 'No unit has the code NOPE (单位代码)',
        text: { en: 'No unit has the code NOPE (单位代码)', zh: '没有单位代码为 NOPE 的单位' },
      },
    ]);
    expect(
      unitWriteService.rowProblems({
        ...unitRow({ name: '' }),
        isDevelopedRegion: null,
        parentCode: 'NOPE',
      }),
    ).toEqual([expect.objectContaining({ field: 'name', code: 'INVALID_VALUE' })]);
  });

  it('creates a cadre in the unit of a code, and a re-import with empty cells changes nothing', async () => {
    const first = '44030619900101002';
    const row = {
      ...cadreRow({ idNumber: first + idNumberCheckDigit(first), phone: '13800138000' }),
      gender: Gender.FEMALE,
      birthDate: '1990-01-01',
      homeUnitCode: world.units.unitB.code.toLowerCase(),
    };
    const { homeUnitId: _id, ...cells } = row;
    const created = await run((tx) =>
      cadreWriteService.upsertRow(tx, { ...cells, isReserve: true }),
    );
    expect(created.result?.outcome).toBe('created');
    expect(created.result?.cadre).toMatchObject({
      homeUnitId: world.units.unitB.id,
      isReserve: true,
    });
    const empty = {
      isLeadership: null,
      isReserve: null,
      isTrainee: null,
      isRecruitedGraduate: null,
    };
    const again = await run((tx) =>
      cadreWriteService.upsertRow(tx, { ...cells, ...empty, specialties: null, phone: null }),
    );
    expect(again.result?.outcome).toBe('unchanged');
    expect(again.result?.cadre).toMatchObject({ isReserve: true, phone: '13800138000' });
    expect(
      cadreWriteService.rowProblems({ ...cells, ...empty, specialties: null, phone: null }),
    ).toEqual([]);
  });

  it('refuses a home unit code nobody has (UNKNOWN_UNIT_CODE)', async () => {
    const { homeUnitId: _id, ...cells } = cadreRow();
    const result = await run((tx) =>
      cadreWriteService.upsertRow(tx, {
        ...cells,
        gender: Gender.MALE,
        birthDate: '1987-06-15',
        homeUnitCode: 'NOPE',
        isLeadership: null,
        isReserve: null,
        isTrainee: null,
        isRecruitedGraduate: null,
        specialties: null,
      }),
    );
    expect(result.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['homeUnitCode'], 'UNKNOWN_UNIT_CODE'],
    ]);
  });
});
