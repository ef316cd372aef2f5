import { ProgrammeOverviewDocument, type ProgrammeOverviewQuery } from '../sdk/src';
import { Role } from '../server/common/role';
import { CadreStatus } from '../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../server/modules/career/career-event.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { PostingStatus, PostingType } from '../server/modules/posting/posting-type';
import type { Posting } from '../server/modules/posting/posting.entity';
import { UnitKind } from '../server/modules/unit/unit.entity';
import { createTestEnv, type TestEnv } from './support/env';
import { cadre, insert, login, posting, unit, user } from './support/world';

/**
 * programmeOverview(year) on a small world whose every figure is counted by hand below. Unit A
 * sends eight cadres; the township T and the school S receive them. The year is 2025.
 */
let env: TestEnv;
const tokens: Record<string, string> = {};

type Overview = ProgrammeOverviewQuery['programmeOverview'];

beforeAll(async () => {
  env = await createTestEnv();
  const ds = env.dataSource;
  const unitA = await unit(ds, { name: '市发展和改革委员会' });
  const township = await unit(ds, { name: '青山镇人民政府', kind: UnitKind.TOWNSHIP });
  const school = await unit(ds, { name: '市第一中学', kind: UnitKind.SCHOOL });
  const c = await Promise.all(
    ['一', '二', '三', '四', '五', '六', '七', '八'].map((n, i) =>
      cadre(ds, {
        name: `干部${n}`,
        homeUnitId: unitA.id,
        // 后备干部: 一, 四, 五 in service; 二 listed but retired.
        isReserve: [0, 1, 3, 4].includes(i),
        status: i === 1 ? CadreStatus.RETIRED : CadreStatus.ACTIVE,
        departedOn: i === 1 ? '2025-12-31' : null,
      }),
    ),
  );
  const downward = (i: number, values: Partial<Posting>) =>
    posting(ds, {
      cadreId: c[i].id,
      sendingUnitId: unitA.id,
      receivingUnitId: township.id,
      type: PostingType.DOWNWARD,
      ...values,
    });
  const returned2025 = {
    startDate: '2024-03-01',
    plannedEndDate: '2025-02-28',
    actualEndDate: '2025-02-28',
    status: PostingStatus.COMPLETED,
  };
  const [p1, p2, p3] = await Promise.all([0, 1, 2].map((i) => downward(i, returned2025)));
  // Started in 2025 and on site; no mentor (UNMANAGED_POSTING).
  await downward(3, { startDate: '2025-04-01', plannedEndDate: '2027-03-31' });
  // Planned for 2026; cancelled before its start in 2025; returned in 2023 without a FINAL.
  await downward(5, {
    startDate: '2026-01-01',
    plannedEndDate: '2026-12-31',
    status: PostingStatus.PLANNED,
  });
  await downward(6, {
    startDate: '2025-05-01',
    plannedEndDate: '2026-04-30',
    actualEndDate: '2025-05-01',
    status: PostingStatus.TERMINATED,
    terminationReason: '工作需要，取消派出',
  });
  await downward(7, {
    startDate: '2023-01-01',
    plannedEndDate: '2023-12-31',
    actualEndDate: '2023-12-31',
    status: PostingStatus.COMPLETED,
  });
  // Upward to the school from 2025-09-01, a nominal post (NOMINAL_ROLE, UNMANAGED_POSTING).
  await posting(ds, {
    cadreId: c[4].id,
    sendingUnitId: unitA.id,
    receivingUnitId: school.id,
    type: PostingType.UPWARD,
    isSubstantive: false,
    startDate: '2025-09-01',
    plannedEndDate: '2027-08-31',
  });
  // FINAL grades of 2025 in the township: one EXCELLENT of three; its cadre promoted in June.
  for (const [p, grade] of [
    [p1, Grade.EXCELLENT],
    [p2, Grade.COMPETENT],
    [p3, Grade.COMPETENT],
  ] as const) {
    await insert(ds, Evaluation, {
      postingId: p.id,
      kind: EvaluationKind.FINAL,
      date: '2025-03-10',
      grade,
      status: EvaluationStatus.FINALIZED,
      finalizedAt: new Date('2025-03-10T08:00:00Z'),
    });
  }
  await insert(ds, CareerEvent, {
    cadreId: c[0].id,
    kind: CareerEventKind.PROMOTED,
    date: '2025-06-01',
  });
  await ds.query('UPDATE policy SET min_cell_size = 3');
  await user(ds, 'admin', Role.ORG_ADMIN);
  await user(ds, 'managerA', Role.UNIT_MANAGER, { unitId: unitA.id });
  await user(ds, 'managerT', Role.UNIT_MANAGER, { unitId: township.id });
  await user(ds, 'analyst', Role.ANALYST);
  await user(ds, 'mentor', Role.MENTOR, { cadreId: c[6].id });
  await user(ds, 'cadre', Role.CADRE, { cadreId: c[7].id });
  for (const name of ['admin', 'managerA', 'managerT', 'analyst', 'mentor', 'cadre']) {
    tokens[name] = await login(env, name);
  }
});
afterAll(() => env.close());

async function overview(token: string, year = 2025): Promise<Overview> {
  const res = await env.graphql(ProgrammeOverviewDocument, { year }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.programmeOverview;
}

/** What the organisation department sees of 2025, and unit A's manager (A sent every posting). */
const EXACT: Overview = {
  year: 2025,
  disclosureControl: { applied: false, minCellSize: null, anySuppressed: false },
  postingsByType: [
    { type: 'UPWARD', started: 1, active: 1, completed: 0, suppressed: false },
    { type: 'DOWNWARD', started: 1, active: 4, completed: 3, suppressed: false },
  ],
  openAlerts: [
    { kind: 'MISSING_FINAL_EVALUATION', count: 1, suppressed: false },
    { kind: 'NOMINAL_ROLE', count: 1, suppressed: false },
    { kind: 'UNMANAGED_POSTING', count: 2, suppressed: false },
  ],
  reservePool: { size: 3, suppressed: false },
  excellentQuotaUse: [
    {
      receivingUnitKind: 'TOWNSHIP',
      finalEvaluations: 3,
      excellent: 1,
      cap: 1,
      use: 1,
      suppressed: false,
    },
  ],
  promotionAfterReturn: {
    excellentReturns: 1,
    promotedWithinWindow: 1,
    rate: 1,
    suppressed: false,
  },
};

const byType = (o: Overview) => [...o.postingsByType].sort((a, b) => a.type.localeCompare(b.type));
const sorted = (o: Overview) => ({
  ...o,
  postingsByType: byType(o),
  openAlerts: [...o.openAlerts].sort((a, b) => a.kind.localeCompare(b.kind)),
});

describe('programmeOverview', () => {
  it('counts every posting, alert and grade of the year for the org department', async () => {
    expect(sorted(await overview(tokens.admin))).toEqual(sorted(EXACT));
  });

  it('counts for the sending unit’s manager what the org department counts', async () => {
    expect(sorted(await overview(tokens.managerA))).toEqual(sorted(EXACT));
  });

  it('counts for the receiving unit’s manager only its postings, and no later records or careers', async () => {
    const o = await overview(tokens.managerT);
    // The school's posting is not theirs; the FINAL grades were written after the returns and
    // the promotion belongs to unit A's records; the reserve pool is the cadre on site at T.
    expect(byType(o)).toEqual([
      { type: 'DOWNWARD', started: 1, active: 4, completed: 3, suppressed: false },
    ]);
    expect(o.openAlerts).toEqual([{ kind: 'UNMANAGED_POSTING', count: 1, suppressed: false }]);
    expect(o.reservePool).toEqual({ size: 1, suppressed: false });
    expect(o.excellentQuotaUse).toEqual([]);
    expect(o.promotionAfterReturn).toEqual({
      excellentReturns: 0,
      promotedWithinWindow: 0,
      rate: null,
      suppressed: false,
    });
  });

  it('withholds for analysts every figure of fewer than three cadres and what would reveal it', async () => {
    const o = await overview(tokens.analyst);
    expect(o.disclosureControl).toEqual({ applied: true, minCellSize: 3, anySuppressed: true });
    // Started: 1 and 1, both withheld. On site: UPWARD's 1 withheld, so DOWNWARD's 4 too (the
    // total is known elsewhere). Completed: DOWNWARD's 3 cadres are shown.
    expect(byType(o)).toEqual([
      { type: 'DOWNWARD', started: null, active: null, completed: 3, suppressed: true },
      { type: 'UPWARD', started: null, active: null, completed: 0, suppressed: true },
    ]);
    expect(o.openAlerts.map((a) => [a.kind, a.count, a.suppressed])).toEqual([
      ['MISSING_FINAL_EVALUATION', null, true],
      ['NOMINAL_ROLE', null, true],
      ['UNMANAGED_POSTING', null, true],
    ]);
    expect(o.reservePool).toEqual({ size: 3, suppressed: false });
    // One EXCELLENT cadre: withheld with the use; the base of three and its cap are shown.
    expect(o.excellentQuotaUse).toEqual([
      {
        receivingUnitKind: 'TOWNSHIP',
        finalEvaluations: 3,
        excellent: null,
        cap: 1,
        use: null,
        suppressed: true,
      },
    ]);
    expect(o.promotionAfterReturn).toEqual({
      excellentReturns: null,
      promotedWithinWindow: null,
      rate: null,
      suppressed: true,
    });
  });

  it('shows a year without postings as empty, not as an error', async () => {
    const o = await overview(tokens.admin, 2019);
    expect(o.postingsByType).toEqual([]);
    expect(o.excellentQuotaUse).toEqual([]);
    expect(o.promotionAfterReturn.excellentReturns).toBe(0);
    // Open alerts and the reserve pool are today's, whatever the year.
    expect(o.reservePool.size).toBe(3);
  });

  it('refuses a year out of range with BAD_USER_INPUT', async () => {
    const res = await env.graphql(ProgrammeOverviewDocument, { year: 10000 }, tokens.admin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is FORBIDDEN to mentors and cadres', async () => {
    for (const role of ['mentor', 'cadre']) {
      const res = await env.graphql(ProgrammeOverviewDocument, { year: 2025 }, tokens[role]);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
