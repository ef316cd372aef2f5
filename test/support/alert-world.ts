import { expect } from '@jest/globals';
import { addDays, today } from '../../server/common/dates';
import { CadreRank } from '../../server/modules/cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../../server/modules/career/career-event.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../../server/modules/evaluation/evaluation.entity';
import { Mentorship } from '../../server/modules/mentorship/mentorship.entity';
import { PostingStatus } from '../../server/modules/posting/posting-type';
import { FeedbackReport } from '../../server/modules/report/feedback-report.entity';
import { AlertsDocument, type AlertFilter, type AlertsQuery } from '../../sdk/src';
import type { TestEnv } from './env';
import { buildWorld, cadre, insert, posting } from './world';

/** The world plus one posting per alert kind (DESIGN §3); `expected[kind]` is its posting id. */
export async function buildAlertWorld(env: TestEnv) {
  const ds = env.dataSource;
  const world = await buildWorld(env);
  const expected: Record<string, number> = {};
  const postingOf = async (name: string, values: Partial<Parameters<typeof posting>[1]>) => {
    const c = await cadre(ds, { name, homeUnitId: world.units.unitA.id });
    return posting(ds, {
      cadreId: c.id,
      sendingUnitId: world.units.unitA.id,
      receivingUnitId: world.units.unitB.id,
      ...values,
    });
  };
  const finalExcellent = (postingId: number, date: string) =>
    insert(ds, Evaluation, {
      postingId,
      kind: EvaluationKind.FINAL,
      date,
      grade: Grade.EXCELLENT,
      status: EvaluationStatus.FINALIZED,
      finalizedAt: new Date(`${date}T08:00:00Z`),
    });
  const start = addDays(today(), -200);
  const end = addDays(today(), 165);

  const nominal = await postingOf('虚职干部', {
    isSubstantive: false,
    startDate: start,
    plannedEndDate: end,
  });
  await insert(ds, Mentorship, {
    postingId: nominal.id,
    mentorId: world.cadres.leaderB.id,
    startDate: start,
  });
  await insert(ds, FeedbackReport, { postingId: nominal.id, period: '2099-Q1', daysOnSite: 60 });
  expected.NOMINAL_ROLE = nominal.id;

  const overdue = await postingOf('逾期干部', {
    startDate: addDays(today(), -400),
    plannedEndDate: addDays(today(), -3),
  });
  await insert(ds, Mentorship, {
    postingId: overdue.id,
    mentorId: world.cadres.leaderB.id,
    startDate: addDays(today(), -400),
  });
  await insert(ds, FeedbackReport, { postingId: overdue.id, period: '2099-Q2', daysOnSite: 60 });
  expected.OVERDUE_RETURN = overdue.id;

  const passive = await postingOf('过客干部', { startDate: '2026-01-05', plannedEndDate: end });
  await insert(ds, Mentorship, {
    postingId: passive.id,
    mentorId: world.cadres.leaderA.id,
    startDate: '2026-01-10',
  });
  await insert(ds, FeedbackReport, { postingId: passive.id, period: '2026-Q3', daysOnSite: 20 });
  expected.PASSIVE_CADRE = passive.id;

  const silent = await postingOf('失联干部', { startDate: start, plannedEndDate: end });
  await insert(ds, Mentorship, {
    postingId: silent.id,
    mentorId: world.cadres.leaderA.id,
    startDate: start,
  });
  expected.UNMANAGED_POSTING = silent.id;

  const unused = await postingOf('优秀未用', {
    startDate: addDays(today(), -900),
    plannedEndDate: addDays(today(), -500),
    actualEndDate: addDays(today(), -500),
    status: PostingStatus.COMPLETED,
  });
  await finalExcellent(unused.id, addDays(today(), -510));
  expected.UNUSED_TALENT = unused.id;

  const unassessed = await postingOf('未考核', {
    startDate: addDays(today(), -400),
    plannedEndDate: addDays(today(), -60),
    actualEndDate: addDays(today(), -60),
    status: PostingStatus.COMPLETED,
  });
  expected.MISSING_FINAL_EVALUATION = unassessed.id;

  // Near misses: each sits just on the safe side of one rule (`quiet[kind]` must not raise it).
  const quiet: Record<string, number> = {};
  // Each by a leader of its own: a mentor takes at most 3 mentees, which the database holds.
  const mentored = async (name: string, values: Partial<Parameters<typeof posting>[1]>) => {
    const p = await postingOf(name, { plannedEndDate: end, ...values });
    const mentor = await cadre(ds, {
      name: `${name}导师`,
      homeUnitId: world.units.unitB.id,
      isLeadership: true,
    });
    await insert(ds, Mentorship, { postingId: p.id, mentorId: mentor.id, startDate: p.startDate });
    return p;
  };

  // Promoted on the very day of return: reused, not forgotten.
  const promotedOnReturn = await postingOf('当日提拔', {
    startDate: '2023-03-01',
    plannedEndDate: '2024-03-15',
    actualEndDate: '2024-03-15',
    status: PostingStatus.COMPLETED,
  });
  await finalExcellent(promotedOnReturn.id, '2024-03-10');
  await insert(ds, CareerEvent, {
    cadreId: promotedOnReturn.cadreId,
    kind: CareerEventKind.PROMOTED,
    date: '2024-03-15',
    rank: CadreRank.DIVISION_DEPUTY,
    documentNumber: '市委组干〔2024〕8号',
  });
  quiet.UNUSED_TALENT = promotedOnReturn.id;

  // Began on Monday 2026-09-21: 5 days on site of the 7 working days it had in 2026-Q3 (8 weekdays,
  // less the Mid-Autumn Festival on the 25th).
  const lateStarter = await mentored('季末到岗', { startDate: '2026-09-21' });
  await insert(ds, FeedbackReport, { postingId: lateStarter.id, period: '2026-Q3', daysOnSite: 5 });
  quiet.PASSIVE_CADRE = lateStarter.id;

  // Activated 20 days ago, 100 days after its planned start: the mentor is not yet overdue.
  const lateActivated = await postingOf('迟到激活', {
    startDate: addDays(today(), -100),
    activatedAt: addDays(today(), -20),
    plannedEndDate: end,
  });
  quiet.UNMANAGED_POSTING = lateActivated.id;

  // Cases whose raisedOn and detail are checked exactly.
  const partialPassive = await mentored('季末缺勤', { startDate: '2026-09-21' });
  await insert(ds, FeedbackReport, {
    postingId: partialPassive.id,
    period: '2026-Q3',
    daysOnSite: 4,
  });
  const activatedLate = await postingOf('激活无导师', {
    startDate: addDays(today(), -100),
    activatedAt: addDays(today(), -40),
    plannedEndDate: end,
  });
  // A quarter's report filed after a late report for the quarter before: the latest period counts.
  const backfilled = await mentored('补报干部', { startDate: '2026-01-05' });
  await insert(ds, FeedbackReport, {
    postingId: backfilled.id,
    period: '2026-Q3',
    daysOnSite: 10,
    createdAt: new Date('2026-10-02T02:00:00Z'),
  });
  await insert(ds, FeedbackReport, {
    postingId: backfilled.id,
    period: '2026-Q2',
    daysOnSite: 60,
    createdAt: new Date('2026-10-09T02:00:00Z'),
  });
  // Filed at 04:00 on 1 October in China, still 30 September in UTC.
  const filedAtNight = await mentored('夜间报送', { startDate: '2026-01-05' });
  await insert(ds, FeedbackReport, {
    postingId: filedAtNight.id,
    period: '2026-Q3',
    daysOnSite: 20,
    createdAt: new Date('2026-09-30T20:00:00Z'),
  });
  // Last heard of by a report filed at 02:00 China time, the evening before in UTC.
  const lastHeard = addDays(today(), -100);
  const silentAfterReport = await mentored('报后失联', { startDate: addDays(today(), -300) });
  await insert(ds, FeedbackReport, {
    postingId: silentAfterReport.id,
    period: '2026-Q1',
    daysOnSite: 60,
    createdAt: new Date(`${addDays(lastHeard, -1)}T18:00:00Z`),
  });
  // Written a row at a time (a posting, then its mentor, then its report), the world raised
  // alerts on the way, and a spell keeps the day it was first raised while it lasts
  // (refresh-alerts.sql). These fixtures stand for data that was there before its alerts: judged
  // once, from scratch, as a sweep over a database seeded with alerts deferred would.
  await ds.query(`DELETE FROM live_event WHERE topic = 'alert'`);
  await ds.query('DELETE FROM alert');
  await ds.query('SELECT rules.refresh_alerts()');
  const cases = {
    partialPassive,
    activatedLate,
    backfilled,
    filedAtNight,
    silentAfterReport,
    lastHeard,
  };
  return { ...world, expected, quiet, cases };
}

export type AlertNode = AlertsQuery['alerts']['edges'][number]['node'];

/** Every alert the viewer may read (the fixture fits one page), checking that totalCount agrees with the list. */
export async function listAlerts(
  env: TestEnv,
  token: string,
  filter?: AlertFilter,
): Promise<AlertNode[]> {
  const res = await env.graphql(AlertsDocument, { first: 100, filter }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data!.alerts.totalCount).toBe(res.data!.alerts.edges.length);
  return res.data!.alerts.edges.map((e) => e.node);
}
