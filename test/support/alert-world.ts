import { addDays, today } from '../../server/common/dates';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../../server/modules/evaluation/evaluation.entity';
import { Mentorship } from '../../server/modules/mentorship/mentorship.entity';
import { PostingStatus } from '../../server/modules/posting/posting-type';
import { FeedbackReport } from '../../server/modules/report/feedback-report.entity';
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
  return { ...world, expected };
}
