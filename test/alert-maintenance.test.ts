import fc from 'fast-check';
import { addDays } from '../server/common/dates';
import { CadreRank } from '../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../server/modules/career/career-event.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { MentorSession } from '../server/modules/mentorship/mentor-session.entity';
import { Mentorship } from '../server/modules/mentorship/mentorship.entity';
import { FeedbackReport } from '../server/modules/report/feedback-report.entity';
import { sweepAlerts } from '../server/modules/alert/alert-sweep';
import { AlertsDocument } from '../sdk/src';
import { buildAlertWorld } from './support/alert-world';
import { createTestEnv, type TestEnv } from './support/env';
import { cadre, insert } from './support/world';

/**
 * The `alert` table is maintained (alert/sql/refresh-alerts.sql and alert-triggers.sql): after any
 * sequence of writes and days passing it must hold, open, exactly what the rules compute from
 * scratch (`rules.alerts_on`), and every spell it ever raised or cleared must have been announced.
 */
let env: TestEnv;
let tokens: { admin: string; analyst: string };

beforeAll(async () => {
  env = await createTestEnv();
  ({ tokens } = await buildAlertWorld(env));
});
afterAll(() => env.close());

const q = <T>(sql: string, params?: unknown[]): Promise<T[]> => env.dataSource.query(sql, params);

const alertDay = async () =>
  (await q<{ day: string }>(`SELECT rules.alert_day()::text AS day`))[0].day;

interface OpenAlert {
  postingId: number;
  kind: string;
  raisedOn: string;
  facts: object;
}

/**
 * Open alerts as maintained, and as the rules say from scratch; equal when maintenance works,
 * except that a spell open before (`standing`, the maintained alerts of the previous step) keeps
 * the day it was raised, whatever day the rule now gives its condition.
 */
async function maintainedAndComputed(standing: OpenAlert[] = []) {
  const columns = `posting_id AS "postingId", kind, raised_on::text AS "raisedOn", facts`;
  const raisedOn = new Map(standing.map((a) => [`${a.postingId} ${a.kind}`, a.raisedOn]));
  const computed = await q<OpenAlert>(
    `SELECT ${columns} FROM rules.alerts_on(rules.alert_day()) ORDER BY posting_id, kind`,
  );
  return {
    maintained: await q<OpenAlert>(
      `SELECT ${columns} FROM alert WHERE cleared_on IS NULL ORDER BY posting_id, kind`,
    ),
    computed: computed.map((a) => ({
      ...a,
      raisedOn: raisedOn.get(`${a.postingId} ${a.kind}`) ?? a.raisedOn,
    })),
  };
}

/** `alerts { totalCount }` of the whole open list, as ORG_ADMIN and as ANALYST (equal). */
async function openTotal(): Promise<number> {
  const [admin, analyst] = await Promise.all(
    [tokens.admin, tokens.analyst].map(async (token) => {
      const res = await env.graphql(AlertsDocument, { first: 1 }, token);
      expect(res.errors).toBeUndefined();
      return res.data!.alerts.totalCount;
    }),
  );
  expect(analyst).toBe(admin);
  return admin;
}

type Op =
  | { op: 'report'; at: number; period: string; days: number }
  | { op: 'endMentor'; at: number }
  | { op: 'mentor'; at: number }
  | { op: 'session'; at: number }
  | { op: 'plannedEnd'; at: number; shift: number }
  | { op: 'complete'; at: number }
  | { op: 'substantive'; at: number }
  | { op: 'finalExcellent'; at: number }
  | { op: 'routine'; at: number; initiative: number }
  | { op: 'promote'; at: number }
  | { op: 'policy'; mentorDays: number; intervalDays: number; ratio: number; months: number }
  | { op: 'days'; days: number };

const at = fc.nat(1000);
const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('report' as const),
    at,
    period: fc.constantFrom('2026-Q3', '2026-Q4', '2026-10', '2026-11', '2027-01'),
    days: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({ op: fc.constant('endMentor' as const), at }),
  fc.record({ op: fc.constant('mentor' as const), at }),
  fc.record({ op: fc.constant('session' as const), at }),
  fc.record({
    op: fc.constant('plannedEnd' as const),
    at,
    shift: fc.integer({ min: -20, max: 20 }),
  }),
  fc.record({ op: fc.constant('complete' as const), at }),
  fc.record({ op: fc.constant('substantive' as const), at }),
  fc.record({ op: fc.constant('finalExcellent' as const), at }),
  fc.record({
    op: fc.constant('routine' as const),
    at,
    initiative: fc.integer({ min: 40, max: 95 }),
  }),
  fc.record({ op: fc.constant('promote' as const), at }),
  fc.record({
    op: fc.constant('policy' as const),
    mentorDays: fc.integer({ min: 5, max: 60 }),
    intervalDays: fc.integer({ min: 20, max: 120 }),
    ratio: fc.constantFrom(0.4, 0.6, 0.8),
    months: fc.integer({ min: 3, max: 24 }),
  }),
  fc.record({ op: fc.constant('days' as const), days: fc.integer({ min: 1, max: 45 }) }),
);

let mentors = 0;

/** Applies one step; a step the data's own constraints refuse changes nothing (and says so). */
async function apply(step: Op): Promise<boolean> {
  const day = await alertDay();
  if (step.op === 'days') {
    await sweepAlerts(env.dataSource, { day: addDays(day, step.days), force: true });
    return true;
  }
  if (step.op === 'policy') {
    await q(
      `UPDATE policy SET mentor_deadline_days = $1, report_interval_days = $2,
        min_on_site_ratio = $3, promotion_window_months = $4`,
      [step.mentorDays, step.intervalDays, step.ratio, step.months],
    );
    return true;
  }
  const postings = await q<{ id: number; cadreId: number; startDate: string; status: string }>(
    `SELECT id, cadre_id AS "cadreId", start_date::text AS "startDate", status FROM posting
      WHERE status IN ('ACTIVE', 'COMPLETED') ORDER BY id`,
  );
  const p = postings[step.at % postings.length];
  try {
    switch (step.op) {
      case 'report':
        await insert(env.dataSource, FeedbackReport, {
          postingId: p.id,
          period: step.period,
          daysOnSite: step.days,
          createdAt: new Date(`${day}T04:00:00Z`),
        });
        return true;
      case 'endMentor':
        return (
          (
            await q(
              `UPDATE mentorship SET end_date = greatest(start_date, $2::date)
                WHERE posting_id = $1 AND end_date IS NULL RETURNING id`,
              [p.id, day],
            )
          ).length > 0
        );
      case 'mentor': {
        const [{ unitId }] = await q<{ unitId: number }>(
          'SELECT receiving_unit_id AS "unitId" FROM posting WHERE id = $1',
          [p.id],
        );
        const mentor = await cadre(env.dataSource, {
          name: `随机导师${++mentors}`,
          homeUnitId: unitId,
          isLeadership: true,
        });
        await insert(env.dataSource, Mentorship, {
          postingId: p.id,
          mentorId: mentor.id,
          startDate: p.startDate,
        });
        return true;
      }
      case 'session': {
        const [m] = await q<{ id: number }>(
          'SELECT id FROM mentorship WHERE posting_id = $1 AND end_date IS NULL',
          [p.id],
        );
        if (!m) return false;
        await insert(env.dataSource, MentorSession, {
          mentorshipId: m.id,
          date: day,
          topic: '谈心',
        });
        return true;
      }
      case 'plannedEnd':
        await q('UPDATE posting SET planned_end_date = $2 WHERE id = $1', [
          p.id,
          addDays(day, step.shift),
        ]);
        return true;
      case 'complete':
        await q(
          `UPDATE posting SET status = 'COMPLETED', actual_end_date = $2
            WHERE id = $1 AND status = 'ACTIVE'`,
          [p.id, day],
        );
        return p.status === 'ACTIVE';
      case 'substantive':
        await q('UPDATE posting SET is_substantive = NOT is_substantive WHERE id = $1', [p.id]);
        return true;
      case 'finalExcellent':
        await insert(env.dataSource, Evaluation, {
          postingId: p.id,
          kind: EvaluationKind.FINAL,
          date: day,
          grade: Grade.EXCELLENT,
          status: EvaluationStatus.FINALIZED,
          finalizedAt: new Date(`${day}T08:00:00Z`),
        });
        return true;
      case 'routine':
        await insert(env.dataSource, Evaluation, {
          postingId: p.id,
          kind: EvaluationKind.ROUTINE,
          date: day,
          grade: Grade.COMPETENT,
          status: EvaluationStatus.SUBMITTED,
          initiativeScore: step.initiative,
          disciplineScore: 80,
        });
        return true;
      case 'promote':
        await insert(env.dataSource, CareerEvent, {
          cadreId: p.cadreId,
          kind: CareerEventKind.PROMOTED,
          date: day,
          rank: CadreRank.DIVISION_DEPUTY,
          documentNumber: '随机〔2026〕1号',
        });
        return true;
    }
  } catch (error) {
    // A constraint of the data model refused the write (a second FINAL, a report period
    // reported twice, an overlap): the statement changed nothing, which is also a case.
    if (!/violates|constraint|invalid/i.test((error as Error).message)) throw error;
    return false;
  }
}

describe('maintained alerts', () => {
  it('equal the alerts computed from scratch after every write and every day passed', async () => {
    const applied = new Map<string, number>();
    const start = await maintainedAndComputed();
    expect(start.maintained.length).toBeGreaterThan(5);
    expect(start.maintained).toEqual(start.computed);
    let standing = start.maintained;
    await fc.assert(
      fc.asyncProperty(fc.array(ops, { minLength: 5, maxLength: 12 }), async (steps) => {
        for (const step of steps) {
          if (await apply(step)) applied.set(step.op, (applied.get(step.op) ?? 0) + 1);
          const { maintained, computed } = await maintainedAndComputed(standing);
          expect({ step, alerts: maintained }).toEqual({ step, alerts: computed });
          // The whole open list's totalCount, which the statistics tallies answer for those who
          // read every alert, counts the same rows.
          expect({ step, totalCount: await openTotal() }).toEqual({
            step,
            totalCount: maintained.length,
          });
          standing = maintained;
        }
      }),
      { numRuns: 15, seed: 20261130 },
    );
    // The walk took every kind of step that changes alerts (a seed that missed some would
    // prove less than it seems).
    for (const op of [
      'report',
      'endMentor',
      'mentor',
      'plannedEnd',
      'complete',
      'days',
      'policy',
    ]) {
      expect({ op, applied: (applied.get(op) ?? 0) > 0 }).toEqual({ op, applied: true });
    }
  }, 120_000);

  it('has announced every spell it raised and every one it cleared', async () => {
    const [counts] = await q<{ spells: number; cleared: number; raised: number; gone: number }>(
      `SELECT (SELECT count(*) FROM alert)::int AS spells,
        (SELECT count(*) FROM alert WHERE cleared_on IS NOT NULL)::int AS cleared,
        (SELECT count(*) FROM live_event WHERE topic = 'alert'
          AND payload->>'change' = 'RAISED')::int AS raised,
        (SELECT count(*) FROM live_event WHERE topic = 'alert'
          AND payload->>'change' = 'CLEARED')::int AS gone`,
    );
    expect(counts.cleared).toBeGreaterThan(0);
    expect(counts.raised).toBe(counts.spells);
    expect(counts.gone).toBe(counts.cleared);
  });

  it('keeps one open spell per posting and kind, and no spell that clears before it was raised', async () => {
    const [bad] = await q<{ doubled: number; backwards: number }>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM alert WHERE cleared_on IS NULL
          GROUP BY posting_id, kind HAVING count(*) > 1) d)::int AS doubled,
        (SELECT count(*) FROM alert WHERE cleared_on < raised_on)::int AS backwards`,
    );
    expect(bad).toEqual({ doubled: 0, backwards: 0 });
  });

  it('re-judges every alert once per calendar transaction, however many days it writes', async () => {
    // setCalendarDays writes day by day; each statement refreshing every alert would hold the
    // table's lock for as many whole refreshes as days (found by review: 400 days, 5.75 s).
    const runner = env.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL track_functions = 'all'`);
      for (const date of ['2030-01-07', '2030-01-08', '2030-01-09']) {
        await runner.query(
          `INSERT INTO calendar_day (date, is_working_day, source) VALUES ($1, false, 'ORG_ADMIN')
            ON CONFLICT (date) DO UPDATE SET is_working_day = false`,
          [date],
        );
      }
      const calls = async () =>
        (
          await runner.query(
            `SELECT pg_stat_get_xact_function_calls('rules.refresh_alerts'::regproc)::int AS n`,
          )
        )[0].n as number | null;
      expect(await calls()).toBeNull(); // deferred to the end of the transaction
      await runner.query('SET CONSTRAINTS ALL IMMEDIATE');
      expect(await calls()).toBe(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('skips the refresh of an UPDATE only for columns no alert rule reads', async () => {
    // The columns each UPDATE trigger names as unread (alert-triggers.sql), by table.
    const triggers = await q<{ table: string; definition: string }>(
      `SELECT c.relname AS table, pg_get_triggerdef(t.oid) AS definition
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname LIKE 'alerts\\_after\\_%\\_update'`,
    );
    const unread = new Map(
      triggers.map((t) => [
        t.table,
        [...t.definition.replace(/^.*EXECUTE FUNCTION/, '').matchAll(/'(\w+)'/g)].map((m) => m[1]),
      ]),
    );
    expect([...unread.keys()].sort()).toEqual(
      [
        'career_event',
        'evaluation',
        'feedback_report',
        'mentor_session',
        'mentorship',
        'policy',
        'posting',
      ].sort(),
    );
    // Every rule reads each table under one alias, and none of the columns named unread.
    const aliases: Record<string, string> = {
      posting: 'p',
      mentorship: 'm',
      feedback_report: 'r',
      evaluation: 'e',
    };
    const rules = await q<{ name: string; source: string }>(
      `SELECT proname AS name, prosrc AS source FROM pg_proc
        WHERE pronamespace = 'rules'::regnamespace AND proname LIKE 'alert\\_%'`,
    );
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      const { name } = rule;
      const source = rule.source.replace(/--.*$/gm, '');
      for (const [table, alias] of Object.entries(aliases)) {
        const from = new RegExp(`(?:FROM|JOIN|,)\\s+${table}\\s+(\\w+)`, 'gi');
        for (const [, used] of source.matchAll(from)) {
          expect({ name, table, alias: used }).toEqual({ name, table, alias });
        }
        for (const column of unread.get(table)!) {
          expect({ name, reads: source.includes(`${alias}.${column}`) ? column : null }).toEqual({
            name,
            reads: null,
          });
        }
      }
    }

    // And the refresh runs for a column read, not for one unread.
    const runner = env.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL track_functions = 'all'`);
      const calls = async () =>
        Number(
          (
            await runner.query(
              `SELECT pg_stat_get_xact_function_calls('rules.refresh_alerts'::regproc) AS n`,
            )
          )[0].n ?? 0,
        );
      const refreshes = async (sql: string) => {
        const before = await calls();
        await runner.query(sql);
        return (await calls()) - before;
      };
      const [{ id }] = await runner.query(`SELECT id FROM posting WHERE status = 'ACTIVE' LIMIT 1`);
      expect(
        await refreshes(`UPDATE posting SET position_title = position_title || '（兼）',
          version = version + 1, updated_at = now() WHERE id = ${id}`),
      ).toBe(0);
      expect(await refreshes(`UPDATE posting SET training_plan = 'x' WHERE id = ${id}`)).toBe(1);
      expect(await refreshes(`UPDATE evaluation SET comments = 'x', updated_at = now()`)).toBe(0);
      expect(await refreshes(`UPDATE evaluation SET initiative_score = initiative_score`)).toBe(0);
      expect(
        await refreshes(`UPDATE evaluation SET initiative_score = 50
          WHERE id = (SELECT min(id) FROM evaluation WHERE kind = 'ROUTINE')`),
      ).toBe(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('sweeps once per day unless forced, and one instance at a time', async () => {
    const day = addDays(await alertDay(), 1);
    const [first, again] = [
      await sweepAlerts(env.dataSource, { day }),
      await sweepAlerts(env.dataSource, { day }),
    ];
    expect(first?.day).toBe(day);
    expect(again).toBeNull();
    // While one instance holds the sweep's lock, another's sweep returns at once, doing nothing.
    const holder = env.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT pg_advisory_xact_lock(hashtext('guazhi:alert-sweep'))`);
      expect(await sweepAlerts(env.dataSource, { day: addDays(day, 1), force: true })).toBeNull();
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await sweepAlerts(env.dataSource, { day: addDays(day, 1) })).not.toBeNull();
  });
});
