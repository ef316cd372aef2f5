import { addDays, today } from '../server/common/dates';
import { AlertsDocument, type AlertFilter, type AlertKind } from '../sdk/src';
import { PostingAlertKindsDocument } from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';
import { buildAlertWorld, listAlerts, type AlertNode } from './support/alert-world';
import { gid } from './support/world';

let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;
let expected: Record<string, number>;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
  expected = world.expected;
});
afterAll(() => env.close());

const alerts = (token: string, filter?: AlertFilter) => listAlerts(env, token, filter);

describe('alerts', () => {
  it.each<AlertKind>([
    'NOMINAL_ROLE',
    'OVERDUE_RETURN',
    'PASSIVE_CADRE',
    'UNMANAGED_POSTING',
    'UNUSED_TALENT',
    'MISSING_FINAL_EVALUATION',
  ])('raises %s for the posting that meets its condition', async (kind) => {
    const list = await alerts(world.tokens.admin, { kinds: [kind] });
    expect(list.map((a) => a.posting?.id)).toContain(gid('Posting', expected[kind]));
  });

  it('raises nothing for a well-run posting', async () => {
    const list = await alerts(world.tokens.admin);
    expect(list.map((a) => a.posting?.id)).not.toContain(gid('Posting', world.postings.active.id));
  });

  it('flags a posting without a mentor after 30 days, and clears it when the policy allows longer', async () => {
    const before = await alerts(world.tokens.admin, { kinds: ['UNMANAGED_POSTING'] });
    expect(before.map((a) => a.posting?.id)).toContain(gid('Posting', world.postings.inbound.id));
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 3650');
    try {
      const after = await alerts(world.tokens.admin, { kinds: ['UNMANAGED_POSTING'] });
      expect(after.map((a) => a.posting?.id)).not.toContain(
        gid('Posting', world.postings.inbound.id),
      );
    } finally {
      await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 30');
    }
  });

  it('gives a receiving unit’s manager only alerts of postings it sent or hosts while active', async () => {
    const mine = await alerts(world.tokens.managerB);
    const ids = new Set(mine.map((a) => a.posting?.id));
    expect(ids.has(gid('Posting', world.postings.inbound.id))).toBe(true); // sent by B
    expect(ids.has(gid('Posting', expected.NOMINAL_ROLE))).toBe(true); // hosted by B, active
    expect(ids.has(gid('Posting', expected.UNUSED_TALENT))).toBe(false); // hosted by B, ended
    expect(ids.has(gid('Posting', world.postings.elsewhere.id))).toBe(false);
  });

  it('lists the alerts of one posting on Posting.alerts', async () => {
    const res = await env.graphql(
      PostingAlertKindsDocument,
      { id: gid('Posting', expected.OVERDUE_RETURN) },
      world.tokens.admin,
    );
    expect(withField(res.data?.node, 'alerts').alerts.nodes.map((n) => n.kind)).toEqual([
      'OVERDUE_RETURN',
    ]);
  });

  it.each(['mentor', 'cadre'] as const)('is FORBIDDEN to %s', async (role) => {
    const res = await env.graphql(AlertsDocument, { first: 100 }, world.tokens[role]);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

/** `date` plus whole months, clamped to the month's last day as PostgreSQL does. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0));
  last.setUTCDate(Math.min(d, last.getUTCDate()));
  return last.toISOString().slice(0, 10);
}

describe('alert dates and details', () => {
  async function alertOf(kind: AlertKind, postingId: number): Promise<AlertNode | undefined> {
    const list = await alerts(world.tokens.admin, { kinds: [kind] });
    return list.find((a) => a.posting?.id === gid('Posting', postingId));
  }

  it('raises no UNUSED_TALENT when the cadre is promoted on the day of return', async () => {
    expect(await alertOf('UNUSED_TALENT', world.quiet.UNUSED_TALENT)).toBeUndefined();
  });

  it('raises no PASSIVE_CADRE when the posting began late in the period and the cadre was there for most of its working days', async () => {
    expect(await alertOf('PASSIVE_CADRE', world.quiet.PASSIVE_CADRE)).toBeUndefined();
  });

  it('raises no UNMANAGED_POSTING when the mentor deadline since a late activation has not passed', async () => {
    expect(await alertOf('UNMANAGED_POSTING', world.quiet.UNMANAGED_POSTING)).toBeUndefined();
  });

  it('counts only the working days the posting covered when it began within the period', async () => {
    expect(await alertOf('PASSIVE_CADRE', world.cases.partialPassive.id)).toMatchObject({
      raisedOn: today(),
      // 8 weekdays, less the Mid-Autumn Festival (中秋节) on Friday 25 September.
      detail: 'On site 4 of 7 working days in 2026-Q3 (2026-09-21 – 2026-09-30)',
    });
  });

  it('judges days on site by the report of the latest period when an earlier period is reported later', async () => {
    expect(await alertOf('PASSIVE_CADRE', world.cases.backfilled.id)).toMatchObject({
      raisedOn: '2026-10-02',
      detail: 'On site 10 of 66 working days in 2026-Q3',
    });
  });

  it('dates a report’s alert by the day in China when it was filed after midnight there', async () => {
    expect(await alertOf('PASSIVE_CADRE', world.cases.filedAtNight.id)).toMatchObject({
      raisedOn: '2026-10-01',
      detail: 'On site 20 of 66 working days in 2026-Q3',
    });
  });

  const day = (offset: number) => addDays(today(), offset);
  it.each<{
    name: string;
    kind: AlertKind;
    posting: () => number;
    raisedOn: () => string;
    detail: () => string;
  }>([
    {
      name: 'no mentor 30 days after the start of a posting never activated through the API',
      kind: 'UNMANAGED_POSTING',
      posting: () => world.postings.inbound.id,
      raisedOn: () => '2026-04-01',
      detail: () => 'No active mentor 30 days after activation on 2026-03-01',
    },
    {
      name: 'no mentor 30 days after a late activation',
      kind: 'UNMANAGED_POSTING',
      posting: () => world.cases.activatedLate.id,
      raisedOn: () => day(-40 + 31),
      detail: () => `No active mentor 30 days after activation on ${day(-40)}`,
    },
    {
      name: 'no contact since activation',
      kind: 'UNMANAGED_POSTING',
      posting: () => expected.UNMANAGED_POSTING,
      raisedOn: () => day(-200 + 91),
      detail: () =>
        `No feedback report or mentor session for 90 days since activation on ${day(-200)}`,
    },
    {
      name: 'no contact since a report filed at 02:00 in China',
      kind: 'UNMANAGED_POSTING',
      posting: () => world.cases.silentAfterReport.id,
      raisedOn: () => addDays(world.cases.lastHeard, 91),
      detail: () =>
        `No feedback report or mentor session for 90 days since the last on ${world.cases.lastHeard}`,
    },
    {
      name: 'no promotion within 12 months of an EXCELLENT return',
      kind: 'UNUSED_TALENT',
      posting: () => expected.UNUSED_TALENT,
      raisedOn: () => addDays(addMonths(day(-500), 12), 1),
      detail: () => `EXCELLENT, no promotion within 12 months of return on ${day(-500)}`,
    },
    {
      name: 'no finalized FINAL evaluation 30 days after return',
      kind: 'MISSING_FINAL_EVALUATION',
      posting: () => expected.MISSING_FINAL_EVALUATION,
      raisedOn: () => day(-60 + 31),
      detail: () => `No finalized FINAL evaluation 30 days after return on ${day(-60)}`,
    },
    {
      name: 'still ACTIVE after the planned end',
      kind: 'OVERDUE_RETURN',
      posting: () => expected.OVERDUE_RETURN,
      raisedOn: () => day(-3 + 1),
      detail: () => `Planned end ${day(-3)} has passed`,
    },
  ])('raises $kind the day after its threshold when $name', async (c) => {
    expect(await alertOf(c.kind, c.posting())).toMatchObject({
      raisedOn: c.raisedOn(),
      detail: c.detail(),
    });
  });

  it('computes the same alerts whatever the session’s time zone and date style', async () => {
    const read = async (timeZone: string, dateStyle: string) => {
      const runner = env.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`SET LOCAL TIME ZONE '${timeZone}'`);
        await runner.query(`SET LOCAL DateStyle = '${dateStyle}'`);
        return await runner.query(`SELECT posting_id, kind, facts,
          to_char(raised_on, 'YYYY-MM-DD') AS raised_on FROM rules.alerts_on(rules.alert_day())
          ORDER BY posting_id, kind`);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };
    const china = await read('Asia/Shanghai', 'ISO, YMD');
    expect(china.length).toBeGreaterThan(0);
    for (const [timeZone, dateStyle] of [
      ['UTC', 'ISO, YMD'],
      ['America/Los_Angeles', 'SQL, DMY'],
      ['Pacific/Kiritimati', 'German'],
    ]) {
      expect(await read(timeZone, dateStyle)).toEqual(china);
    }
  });
});
