import { isWorkday } from 'chinese-days';
import { today } from '../server/common/dates';
import { FeedbackReport } from '../server/modules/report/feedback-report.entity';
import { PostingStatus } from '../server/modules/posting/posting-type';
import {
  SetCalendarDaysDocument,
  WorkCalendarDocument,
  type SetCalendarDaysInput,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, cadre, insert, posting, type World } from './support/world';
import { alertDetailText, type AlertFacts } from '../server/modules/alert/alert-detail';
import { AlertKind } from '../server/modules/alert/alert.entity';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const calendar = async (from: string, to: string, token = world.tokens.cadre) => {
  const res = await env.graphql(WorkCalendarDocument, { from, to }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.workCalendar;
};
const setDays = (input: SetCalendarDaysInput, token = world.tokens.admin) =>
  mutate(env, SetCalendarDaysDocument, input, token);

/** The days from `from` to `to`, as `YYYY-MM-DD`. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

describe('the work calendar (工作日历)', () => {
  it('counts 18 working days in October 2026, National Day and its make-up Saturday included', async () => {
    const october = await calendar('2026-10-01', '2026-10-31');
    expect(october.workingDays).toBe(18);
    // Independently, day by day, by the package's own reading of the State Council notice.
    expect(daysBetween('2026-10-01', '2026-10-31').filter((d) => isWorkday(d)).length).toBe(18);
    const byDate = new Map(october.days.map((d) => [d.date, d]));
    expect(byDate.get('2026-10-01')).toMatchObject({
      kind: 'HOLIDAY',
      isWorkingDay: false,
      name: '国庆节',
      source: 'STATE_COUNCIL',
    });
    expect(byDate.get('2026-10-10')).toMatchObject({ kind: 'MAKEUP_WORKDAY', isWorkingDay: true });
    expect(byDate.get('2026-10-12')).toMatchObject({ kind: 'WORKDAY', source: null });
    expect(byDate.get('2026-10-18')).toMatchObject({ kind: 'WEEKEND', isWorkingDay: false });
  });

  it('agrees with the package on every day of every year it covers', async () => {
    for (const year of [2004, 2015, 2020, 2024, 2025, 2026]) {
      const days = await calendar(`${year}-01-01`, `${year}-12-31`);
      const expected = days.days.filter((d) => isWorkday(d.date)).length;
      expect([year, days.workingDays]).toEqual([year, expected]);
      for (const day of days.days)
        expect([day.date, day.isWorkingDay]).toEqual([day.date, isWorkday(day.date)]);
    }
  });

  it('refuses BAD_USER_INPUT for a reversed range or one longer than 366 days', async () => {
    for (const [from, to] of [
      ['2026-10-31', '2026-10-01'],
      ['2025-01-01', '2026-01-02'],
    ]) {
      const res = await env.graphql(WorkCalendarDocument, { from, to }, world.tokens.admin);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('PASSIVE_CADRE counts the working days of the calendar', () => {
  /** An ACTIVE posting that covered all of October 2026, with its report for it filed in November. */
  async function reported(daysOnSite: number) {
    const c = await cadre(env.dataSource, { name: '十月干部', homeUnitId: world.units.unitA.id });
    const p = await posting(env.dataSource, {
      cadreId: c.id,
      sendingUnitId: world.units.unitA.id,
      receivingUnitId: world.units.unitB.id,
      startDate: '2026-06-01',
      plannedEndDate: '2027-05-31',
      status: PostingStatus.ACTIVE,
    });
    await insert(env.dataSource, FeedbackReport, {
      postingId: p.id,
      period: '2026-10',
      daysOnSite,
      createdAt: new Date('2026-11-05T02:00:00Z'),
    });
    const rows: { facts: AlertFacts['PASSIVE_CADRE'] }[] = await env.dataSource.query(
      `SELECT facts FROM rules.alert_passive_cadre(rules.china_today(), ARRAY[$1::int])`,
      [p.id],
    );
    return rows.map((r) => alertDetailText(AlertKind.PASSIVE_CADRE, r.facts, today()).en);
  }

  it('raises nothing for 12 days on site of October’s 18 working days (67 % ≥ 60 %)', async () => {
    expect(await reported(12)).toEqual([]);
  });

  it('raises it for 10 of 18, naming the calendar’s count', async () => {
    expect(await reported(10)).toEqual(['On site 10 of 18 working days in 2026-10']);
  });
});

describe('setCalendarDays', () => {
  it('makes a day a holiday for the org department, audited, and every count follows', async () => {
    const before = (await calendar('2026-12-01', '2026-12-31')).workingDays;
    const payload = await setDays({
      days: [{ date: '2026-12-24', isWorkingDay: false, name: '市委安排休息' }],
      reason: '江州市委办〔2026〕12号',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.days).toMatchObject([
      { date: '2026-12-24', isWorkingDay: false, name: '市委安排休息', source: 'ORG_ADMIN' },
    ]);
    const after = await calendar('2026-12-01', '2026-12-31');
    expect(after.workingDays).toBe(before - 1);
    expect(after.days.find((d) => d.date === '2026-12-24')).toMatchObject({ kind: 'HOLIDAY' });
    const [audit] = await env.dataSource.query(
      `SELECT reason, after->>'isWorkingDay' AS working FROM audit_entry WHERE action = 'calendarDay.set'`,
    );
    expect(audit).toEqual({ reason: '江州市委办〔2026〕12号', working: 'false' });
  });

  it('changes a day the notice set, as a new version of it', async () => {
    const payload = await setDays({ days: [{ date: '2026-10-10', isWorkingDay: false }] });
    expect(payload.userErrors).toEqual([]);
    expect(payload.days).toMatchObject([{ isWorkingDay: false, source: 'ORG_ADMIN', version: 2 }]);
    expect((await calendar('2026-10-01', '2026-10-31')).workingDays).toBe(17);
  });

  it('refuses INVALID_VALUE for a date given twice, writing nothing', async () => {
    await expectRefused(env, 'INVALID_VALUE', () =>
      setDays({
        days: [
          { date: '2027-01-04', isWorkingDay: false },
          { date: '2027-01-04', isWorkingDay: true },
        ],
      }),
    );
  });

  it('is FORBIDDEN to a unit manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(
        SetCalendarDaysDocument,
        { input: { days: [{ date: '2027-01-05', isWorkingDay: false }] } },
        world.tokens.managerB,
      ),
    );
  });
});
