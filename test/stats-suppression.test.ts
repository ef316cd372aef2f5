import {
  CreateApiKeyDocument,
  PolicyDocument,
  StatisticsDocument,
  UpdatePolicyDocument,
  type StatisticsFilter,
  type StatisticsQuery,
} from '../sdk/src';
import { CareerEvent, CareerEventKind } from '../server/modules/career/career-event.entity';
import {
  EvaluationDimension,
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { PostingStatus, PostingType } from '../server/modules/posting/posting-type';
import { UnitKind } from '../server/modules/unit/unit.entity';
import { createTestEnv, type TestEnv } from './support/env';
import { mutate } from './support/mutations';
import { buildWorld, cadre, gid, insert, posting, unit, type World } from './support/world';

/**
 * Disclosure control of statistics (issue #10, item 8). The expected figures are computed here,
 * in plain TypeScript over the rows read back from the database, never by the service; the
 * checks then hold whatever the threshold: every small cell withheld, every shown figure exact,
 * and no withheld figure recoverable by subtraction in any additive group.
 */
let env: TestEnv;
let world: World;
let lonelyUnit: number;

type Stats = StatisticsQuery['statistics'];

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const ds = env.dataSource;
  const { unitA, unitB } = world.units;
  const subdistrict = await unit(ds, { name: '东城街道办事处', kind: UnitKind.SUBDISTRICT });
  const lonely = await unit(ds, { name: '青山镇人民法庭', kind: UnitKind.JUDICIAL });
  lonelyUnit = lonely.id;
  const scores = (base: number) => ({
    politicalConductScore: base,
    moralCharacterScore: base + 1,
    leadershipScore: base + 2,
    workAbilityScore: base + 3,
    massLineScore: base + 4,
    initiativeScore: base + 5,
    disciplineScore: base + 6,
  });
  const finalized = (postingId: number, date: string, grade: Grade, base: number) =>
    insert(ds, Evaluation, {
      postingId,
      kind: EvaluationKind.FINAL,
      date,
      grade,
      ...scores(base),
      status: EvaluationStatus.FINALIZED,
      finalizedAt: new Date(`${date}T08:00:00Z`),
    });
  const completed = (cadreId: number, receivingUnitId: number, start: string, end: string) =>
    posting(ds, {
      cadreId,
      sendingUnitId: unitA.id,
      receivingUnitId,
      startDate: start,
      plannedEndDate: end,
      actualEndDate: end,
      status: PostingStatus.COMPLETED,
    });

  // Six cadres returned from the subdistrict: 3 EXCELLENT, 2 COMPETENT, 1 BASICALLY_COMPETENT.
  const grades = [
    Grade.EXCELLENT,
    Grade.EXCELLENT,
    Grade.EXCELLENT,
    Grade.COMPETENT,
    Grade.COMPETENT,
    Grade.BASICALLY_COMPETENT,
  ];
  for (const [i, grade] of grades.entries()) {
    const c = await cadre(ds, { name: `街道干部${i + 1}`, homeUnitId: unitA.id });
    const p = await completed(c.id, subdistrict.id, '2024-03-01', '2025-02-28');
    await finalized(p.id, '2025-03-10', grade, 70 + i);
    // One of the EXCELLENT ones promoted within the window: a cell of one cadre.
    if (i === 0) {
      await insert(ds, CareerEvent, {
        cadreId: c.id,
        kind: CareerEventKind.PROMOTED,
        date: '2025-06-01',
      });
    }
  }
  // A second FINAL of 2025 in the township: that row has two cadres.
  const t2 = await cadre(ds, { name: '乡镇干部二', homeUnitId: unitA.id });
  const tp = await completed(t2.id, unitB.id, '2024-06-01', '2025-05-31');
  await finalized(tp.id, '2025-06-10', Grade.COMPETENT, 60);
  // The example: one unit, one year, one FINAL EXCELLENT.
  const l1 = await cadre(ds, { name: '法庭干部', homeUnitId: unitA.id });
  const lp = await completed(l1.id, lonely.id, '2023-03-01', '2024-02-29');
  await finalized(lp.id, '2024-03-05', Grade.EXCELLENT, 80);
  // One cadre posted three times: three postings, but one person.
  const r1 = await cadre(ds, { name: '三挂干部', homeUnitId: unitA.id });
  for (const year of [2019, 2020, 2021]) {
    await posting(ds, {
      cadreId: r1.id,
      sendingUnitId: unitA.id,
      receivingUnitId: subdistrict.id,
      type: PostingType.UPWARD,
      startDate: `${year}-01-01`,
      plannedEndDate: `${year}-06-30`,
      actualEndDate: `${year}-06-30`,
      status: PostingStatus.COMPLETED,
    });
  }
  // Three planned postings: the smallest shown cell beside the one ACTIVE DOWNWARD posting.
  for (let i = 1; i <= 3; i++) {
    const c = await cadre(ds, { name: `拟派干部${i}`, homeUnitId: unitA.id });
    await posting(ds, {
      cadreId: c.id,
      sendingUnitId: unitA.id,
      receivingUnitId: subdistrict.id,
      startDate: '2027-01-01',
      plannedEndDate: '2027-12-31',
      status: PostingStatus.PLANNED,
    });
  }
});
afterAll(() => env.close());

async function stats(token: string, filter: StatisticsFilter = {}): Promise<Stats> {
  const res = await env.graphql(StatisticsDocument, { filter }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.statistics;
}

async function setMinCellSize(minCellSize: number): Promise<void> {
  const { policy } = (await env.graphql(PolicyDocument, {}, world.tokens.admin)).data!;
  const payload = await mutate(
    env,
    UpdatePolicyDocument,
    { version: policy.version, minCellSize },
    world.tokens.admin,
  );
  expect(payload.userErrors).toEqual([]);
}

/** A figure and the distinct cadres it is computed from. */
interface Figure {
  value: number;
  cadres: Set<number>;
}
const figure = (): Figure => ({ value: 0, cadres: new Set() });
const add = (f: Figure, cadreId: number) => {
  f.value++;
  f.cadres.add(cadreId);
};
const tally = <T>(rows: T[], key: (r: T) => string, cadreOf: (r: T) => number) => {
  const out = new Map<string, Figure>();
  for (const r of rows) {
    if (!out.has(key(r))) out.set(key(r), figure());
    add(out.get(key(r))!, cadreOf(r));
  }
  return out;
};
const ratio = (part: number, whole: number) => Math.round((part / whole) * 1000) / 1000;

/** The exact statistics, from rows read back (the ORG_ADMIN's and analyst's scope: everything). */
async function expected(filter: { year?: number; receivingUnitIds?: number[] }) {
  const q = (sql: string) => env.dataSource.query(sql);
  const [postings, evaluations, units, alerts, careers, [policy]] = await Promise.all([
    q(`SELECT id, cadre_id AS "cadreId", type, status, start_date::text AS start,
         actual_end_date::text AS "end", receiving_unit_id AS unit FROM posting`),
    q(`SELECT posting_id AS "postingId", kind, status, grade, date::text AS date,
         political_conduct_score AS "POLITICAL_CONDUCT", moral_character_score AS "MORAL_CHARACTER",
         leadership_score AS "LEADERSHIP", work_ability_score AS "WORK_ABILITY",
         mass_line_score AS "MASS_LINE", initiative_score AS "INITIATIVE",
         discipline_score AS "DISCIPLINE" FROM evaluation`),
    q(`SELECT id, kind FROM unit`),
    q(`SELECT kind, posting_id AS "postingId" FROM alert WHERE cleared_on IS NULL`),
    q(`SELECT cadre_id AS "cadreId", kind, date::text AS date FROM career_event`),
    q(`SELECT promotion_window_months AS "window" FROM policy`),
  ]);
  type P = { id: number; cadreId: number; type: string; status: string; start: string };
  type E = { postingId: number; kind: string; status: string; grade: string; date: string };
  const ps = (postings as (P & { end: string | null; unit: number })[]).filter(
    (p) =>
      (filter.year === undefined || p.start.startsWith(String(filter.year))) &&
      (!filter.receivingUnitIds || filter.receivingUnitIds.includes(p.unit)),
  );
  const byId = new Map(ps.map((p) => [p.id, p]));
  const es = (evaluations as (E & Record<string, number | null>)[]).filter((e) =>
    byId.has(e.postingId),
  );
  const cadreOf = (e: { postingId: number }) => byId.get(e.postingId)!.cadreId;
  const unitKind = new Map((units as { id: number; kind: string }[]).map((u) => [u.id, u.kind]));
  const finals = es.filter((e) => e.kind === 'FINAL');
  const isExcellent = (e: E) => e.status === 'FINALIZED' && e.grade === 'EXCELLENT';
  const shareKey = (e: E) => `${unitKind.get(byId.get(e.postingId)!.unit)}/${e.date.slice(0, 4)}`;
  const base = finals.filter((e) => e.status === 'SUBMITTED' || e.status === 'FINALIZED');
  const finalized = es.filter((e) => e.status === 'FINALIZED');
  const dimensions: string[] = Object.values(EvaluationDimension);
  const returns = ps.filter(
    (p) => p.status === 'COMPLETED' && finals.some((e) => e.postingId === p.id && isExcellent(e)),
  );
  const windowEnd = (date: string) => {
    const d = new Date(`${date}T00:00:00Z`);
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + Number(policy.window));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return d.toISOString().slice(0, 10);
  };
  const promoted = (p: (typeof ps)[number]) =>
    (careers as { cadreId: number; kind: string; date: string }[]).some(
      (c) =>
        c.cadreId === p.cadreId &&
        ['PROMOTED', 'APPOINTED'].includes(c.kind) &&
        c.date >= p.end! &&
        c.date <= windowEnd(p.end!),
    );
  return {
    postingCounts: tally(
      ps,
      (p) => `${p.type}/${p.status}`,
      (p) => p.cadreId,
    ),
    grades: tally(
      finals.filter((e) => e.status === 'FINALIZED'),
      (e) => e.grade,
      cadreOf,
    ),
    finalEvaluations: tally(base, shareKey, cadreOf),
    excellent: tally(base.filter(isExcellent), shareKey, cadreOf),
    rest: tally(
      base.filter((e) => !isExcellent(e)),
      shareKey,
      cadreOf,
    ),
    averages: new Map(
      dimensions.map((d) => {
        const scored = finalized.filter((e) => e[d] !== null);
        const mean = scored.length
          ? Math.round((scored.reduce((s, e) => s + e[d]!, 0) / scored.length) * 100) / 100
          : null;
        return [d, { mean, cadres: new Set(scored.map(cadreOf)) }];
      }),
    ),
    alerts: tally(
      (alerts as { kind: string; postingId: number }[]).filter((a) => byId.has(a.postingId)),
      (a) => a.kind,
      cadreOf,
    ),
    returns:
      tally(
        returns,
        () => 'all',
        (p) => p.cadreId,
      ).get('all') ?? figure(),
    promoted:
      tally(
        returns.filter(promoted),
        () => 'all',
        (p) => p.cadreId,
      ).get('all') ?? figure(),
    notPromoted:
      tally(
        returns.filter((p) => !promoted(p)),
        () => 'all',
        (p) => p.cadreId,
      ).get('all') ?? figure(),
  };
}
type Expected = Awaited<ReturnType<typeof expected>>;

/** A figure as shown, what it is exactly, and whether a reader knows it is at least 1. */
interface Part {
  got: number | null;
  exact: Figure;
  atLeastOne: boolean;
  /** Never shown (the non-EXCELLENT of a row, those not promoted), yet derivable. */
  hidden?: boolean;
}

/**
 * Fails when a reader who knows `total` (null: not known) and the shown parts can pin a withheld
 * or small hidden part: one unknown left, or the remainder equal to the unknowns' lower bounds.
 */
function expectUnpinned(what: string, parts: Part[], total: number | null, k: number): void {
  const small = (p: Part) => p.exact.cadres.size >= 1 && p.exact.cadres.size < k;
  const unknown = parts.filter((p) => p.got === null || p.hidden);
  const withheld = (p: Part) => (p.got === null && !p.hidden) || small(p);
  if (!unknown.some(withheld) || total === null) return;
  // A total known only elsewhere, with nothing shown here to subtract: statistics adds nothing.
  if (unknown.length === parts.length && !parts.some((p) => p.hidden)) return;
  const remainder = total - parts.reduce((s, p) => s + (unknown.includes(p) ? 0 : p.got!), 0);
  const bounds = unknown.reduce((s, p) => s + (p.atLeastOne ? 1 : 0), 0);
  expect({ what, unknown: unknown.length, pinned: remainder === bounds }).toEqual({
    what,
    unknown: expect.any(Number) as number,
    pinned: false,
  });
  expect(unknown.length).toBeGreaterThanOrEqual(2);
}

/**
 * The whole response against the exact figures, at threshold `k` (1: everything exact): each
 * figure exact or withheld, withheld when small, its row flagged, and every additive group safe.
 */
function verify(s: Stats, want: Expected, k: number): number {
  let withheld = 0;
  const cellOk = (
    what: string,
    got: number | null,
    exact: number,
    cadres: number,
    row: boolean,
  ) => {
    if (got === null) withheld++;
    if (cadres >= 1 && cadres < k) expect({ what, got }).toEqual({ what, got: null });
    if (got !== null) expect({ what, got }).toEqual({ what, got: exact });
    if (got === null) expect({ what, suppressed: row }).toEqual({ what, suppressed: true });
    if (k === 1) expect({ what, suppressed: row }).toEqual({ what, suppressed: false });
  };
  const counts = <R extends { count?: number | null; suppressed: boolean }>(
    name: string,
    rows: R[],
    key: (r: R) => string,
    exact: Map<string, Figure>,
  ) => {
    expect(rows.map(key).sort()).toEqual([...exact.keys()].sort());
    for (const r of rows) {
      const f = exact.get(key(r))!;
      cellOk(`${name} ${key(r)}`, r.count ?? null, f.value, f.cadres.size, r.suppressed);
    }
    return (r: R): Part => ({ got: r.count ?? null, exact: exact.get(key(r))!, atLeastOne: true });
  };
  const sum = (parts: Part[]) => parts.reduce((n, p) => n + p.exact.value, 0);

  // Postings by type and status: the statuses of a type sum to that type's postings.
  const postingKey = (r: Stats['postingCounts'][number]) => `${r.type}/${r.status}`;
  const posting = counts('postingCounts', s.postingCounts, postingKey, want.postingCounts);
  for (const type of new Set(s.postingCounts.map((r) => r.type))) {
    const parts = s.postingCounts.filter((r) => r.type === type).map(posting);
    expectUnpinned(`postingCounts ${type}`, parts, sum(parts), k);
  }

  // FINAL grades: they sum to the finalized FINAL evaluations.
  const grade = counts('gradeDistribution', s.gradeDistribution, (r) => r.grade, want.grades);
  const gradeParts = s.gradeDistribution.map(grade);
  expectUnpinned('gradeDistribution', gradeParts, sum(gradeParts), k);

  // Alerts by kind: they sum to the alerts listed.
  const alert = counts('alertCounts', s.alertCounts, (r) => r.kind, want.alerts);
  const alertParts = s.alertCounts.map(alert);
  expectUnpinned('alertCounts', alertParts, sum(alertParts), k);

  // EXCELLENT shares: rows, the two columns, and the share itself.
  const shareKey = (r: Stats['excellentShares'][number]) => `${r.receivingUnitKind}/${r.year}`;
  expect(s.excellentShares.map(shareKey).sort()).toEqual([...want.finalEvaluations.keys()].sort());
  const finalParts: Part[] = [];
  const excellentParts: Part[] = [];
  for (const r of s.excellentShares) {
    const key = shareKey(r);
    const final = want.finalEvaluations.get(key)!;
    const excellent = want.excellent.get(key) ?? figure();
    const rest = want.rest.get(key) ?? figure();
    cellOk(
      `finalEvaluations ${key}`,
      r.finalEvaluations ?? null,
      final.value,
      final.cadres.size,
      r.suppressed,
    );
    cellOk(
      `excellent ${key}`,
      r.excellent ?? null,
      excellent.value,
      excellent.cadres.size,
      r.suppressed,
    );
    const share = ratio(excellent.value, final.value);
    cellOk(`share ${key}`, r.share ?? null, share, final.cadres.size, r.suppressed);
    // A share tells its numerator and denominator; "0 of a withheld 2" tells two grades.
    if (r.share != null) expect(r.excellent != null && r.finalEvaluations != null).toBe(true);
    if (r.finalEvaluations == null) expect(r.excellent ?? null).toBeNull();
    finalParts.push({ got: r.finalEvaluations ?? null, exact: final, atLeastOne: true });
    excellentParts.push({ got: r.excellent ?? null, exact: excellent, atLeastOne: false });
    // excellent + the rest (never shown) = finalEvaluations, when that is shown.
    expectUnpinned(
      `excellentShares ${key} row`,
      [
        { got: r.excellent ?? null, exact: excellent, atLeastOne: false },
        { got: null, exact: rest, atLeastOne: false, hidden: true },
      ],
      r.finalEvaluations ?? null,
      k,
    );
  }
  expectUnpinned('excellentShares.finalEvaluations', finalParts, sum(finalParts), k);
  // The rows' EXCELLENT add up to the EXCELLENT grade count shown beside them.
  const excellentGrade = s.gradeDistribution.find((r) => r.grade === 'EXCELLENT');
  const excellentTotal = excellentGrade ? (excellentGrade.count ?? null) : 0;
  expectUnpinned('excellentShares.excellent', excellentParts, excellentTotal, k);
  if (excellentGrade && excellentGrade.count == null) {
    // A withheld EXCELLENT count must not be the sum of a fully shown column.
    expect(excellentParts.some((p) => p.got === null)).toBe(true);
  }

  // Dimension means: withheld when fewer than k cadres were scored.
  for (const r of s.dimensionAverages) {
    const { mean, cadres } = want.averages.get(r.dimension)!;
    if (cadres.size >= 1 && cadres.size < k) expect(r.average ?? null).toBeNull();
    if (r.average != null || cadres.size === 0 || k === 1) expect(r.average ?? null).toBe(mean);
    expect(r.suppressed).toBe(r.average == null && mean !== null);
    if (r.suppressed) withheld++;
  }

  // Promotions after return: promoted + not promoted (never shown) = excellent returns.
  const p = s.promotionAfterReturn;
  const rate = want.returns.value ? ratio(want.promoted.value, want.returns.value) : null;
  const returnCadres = want.returns.cadres.size;
  cellOk(
    'excellentReturns',
    p.excellentReturns ?? null,
    want.returns.value,
    returnCadres,
    p.suppressed,
  );
  cellOk(
    'promotedWithinWindow',
    p.promotedWithinWindow ?? null,
    want.promoted.value,
    want.promoted.cadres.size,
    p.suppressed,
  );
  if (rate !== null) cellOk('rate', p.rate ?? null, rate, returnCadres, p.suppressed);
  if (p.rate != null)
    expect(p.promotedWithinWindow != null && p.excellentReturns != null).toBe(true);
  expectUnpinned(
    'promotionAfterReturn',
    [
      { got: p.promotedWithinWindow ?? null, exact: want.promoted, atLeastOne: false },
      { got: null, exact: want.notPromoted, atLeastOne: false, hidden: true },
    ],
    p.excellentReturns ?? null,
    k,
  );
  expect(s.disclosureControl.anySuppressed).toBe(withheld > 0);
  return withheld;
}

describe('statistics disclosure control', () => {
  it('withholds small cells from an analyst and shows the others exactly', async () => {
    const s = await stats(world.tokens.analyst);
    expect(s.disclosureControl).toEqual({ applied: true, minCellSize: 3, anySuppressed: true });
    expect(verify(s, await expected({}), 3)).toBeGreaterThan(0);
    // Three postings of one cadre are one person: withheld although the count is 3.
    expect(s.postingCounts).toContainEqual({
      type: 'UPWARD',
      status: 'COMPLETED',
      count: null,
      suppressed: true,
    });
    // The one ACTIVE DOWNWARD posting is withheld, and the smallest other DOWNWARD cell with it.
    const downward = s.postingCounts.filter((r) => r.type === 'DOWNWARD');
    expect(Object.fromEntries(downward.map((r) => [r.status, r.count]))).toEqual({
      PLANNED: null,
      ACTIVE: null,
      COMPLETED: 9,
    });
    expect(s.excellentShares).toContainEqual({
      receivingUnitKind: 'SUBDISTRICT',
      year: 2025,
      finalEvaluations: 6,
      excellent: 3,
      share: 0.5,
      suppressed: false,
    });
    expect(s.promotionAfterReturn).toEqual({
      excellentReturns: 5,
      promotedWithinWindow: null,
      rate: null,
      suppressed: true,
    });
  });

  it('withholds the issue’s one FINAL EXCELLENT in one unit and year', async () => {
    const filter = { receivingUnitIds: [gid('Unit', lonelyUnit)], year: 2023 };
    const s = await stats(world.tokens.analyst, filter);
    verify(s, await expected({ receivingUnitIds: [lonelyUnit], year: 2023 }), 3);
    expect(s.excellentShares).toEqual([
      {
        receivingUnitKind: 'JUDICIAL',
        year: 2024,
        finalEvaluations: null,
        excellent: null,
        share: null,
        suppressed: true,
      },
    ]);
    expect(s.gradeDistribution).toEqual([{ grade: 'EXCELLENT', count: null, suppressed: true }]);
    expect(s.dimensionAverages.every((d) => d.average === null && d.suppressed)).toBe(true);
    expect(s.promotionAfterReturn).toMatchObject({ excellentReturns: null, suppressed: true });
  });

  it('gives the org department and unit managers exact figures', async () => {
    const admin = await stats(world.tokens.admin);
    expect(admin.disclosureControl).toEqual({
      applied: false,
      minCellSize: null,
      anySuppressed: false,
    });
    expect(verify(admin, await expected({}), 1)).toBe(0);
    const manager = await stats(world.tokens.managerB);
    expect(manager.disclosureControl.applied).toBe(false);
    expect(manager.postingCounts.every((r) => r.count !== null && !r.suppressed)).toBe(true);
  });

  it('withholds the same cells from an API key acting as ANALYST', async () => {
    const key = await mutate(
      env,
      CreateApiKeyDocument,
      { name: '统计局数据交换平台', role: 'ANALYST' },
      world.tokens.admin,
    );
    expect(key.userErrors).toEqual([]);
    const viaKey = await stats(key.secret!);
    expect(viaKey).toEqual(await stats(world.tokens.analyst));
    expect(viaKey.disclosureControl.anySuppressed).toBe(true);
  });

  it('follows policy.minCellSize when the org department changes it', async () => {
    const want = await expected({});
    await setMinCellSize(1);
    const exact = await stats(world.tokens.analyst);
    expect(verify(exact, want, 1)).toBe(0);
    expect(exact.disclosureControl).toEqual({
      applied: true,
      minCellSize: 1,
      anySuppressed: false,
    });

    await setMinCellSize(7);
    const strict = await stats(world.tokens.analyst);
    verify(strict, want, 7);
    // Six cadres were enough at 3, not at 7.
    expect(strict.excellentShares).toContainEqual(
      expect.objectContaining({ receivingUnitKind: 'SUBDISTRICT', share: null, suppressed: true }),
    );
    await setMinCellSize(3);
    expect((await stats(world.tokens.analyst)).disclosureControl.minCellSize).toBe(3);
  });
});
