import { addDays, today } from '../server/common/dates';
import { Role } from '../server/common/role';
import { createGuazhiClient, type GuazhiClient } from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, cadre, gid, PASSWORD, user, type World } from './support/world';

/**
 * One whole programme, as an organisation department runs it, through the published SDK:
 * round → nominate → scores → select → training → posting → activate → mentor → sessions →
 * reports → evaluations → finalize → complete → career event → debrief → article → timeline, audit.
 */
let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

interface WithErrors {
  userErrors: { code: string; message: string }[];
}

/** The payload's object, after checking the mutation was not refused. */
function ok<P extends WithErrors, K extends keyof P>(payload: P, key: K): NonNullable<P[K]> {
  expect(payload.userErrors).toEqual([]);
  const value = payload[key];
  if (value == null) throw new Error(`${String(key)} missing`);
  return value as NonNullable<P[K]>;
}

async function signIn(username: string): Promise<GuazhiClient> {
  const anonymous = createGuazhiClient({ url: env.url });
  const { login } = await anonymous.login({ input: { username, password: PASSWORD } });
  return anonymous.withToken(login.token!);
}

const ALL_SCORES = (score: number) =>
  [
    'POLITICAL_CONDUCT',
    'MORAL_CHARACTER',
    'LEADERSHIP',
    'WORK_ABILITY',
    'MASS_LINE',
    'INITIATIVE',
    'DISCIPLINE',
  ].map((dimension) => ({ dimension: dimension as 'LEADERSHIP', score }));

describe('a whole secondment programme through the SDK', () => {
  it('runs from nomination to debrief and leaves a timeline and an audit trail', async () => {
    const ds = env.dataSource;
    const talent = await cadre(ds, { name: '欧阳晓', homeUnitId: world.units.unitA.id });
    await user(ds, 'ouyang', Role.CADRE, { cadreId: talent.id });
    const [admin, managerA, managerB, mentor, author] = await Promise.all(
      ['admin', 'manager_a', 'manager_b', 'mentor_b', 'ouyang'].map(signIn),
    );
    const year = Number(today().slice(0, 4));

    // 选派: the round, a nomination by the home unit, scores, inspection, selection, training.
    const round = ok(
      (
        await admin.openSelectionRound({
          input: { name: `${year}年高挂公开选拔`, postingType: 'HIGHER_ASSISTANT', year, quota: 1 },
        })
      ).openSelectionRound,
      'selectionRound',
    );
    const nominee = ok(
      (
        await managerA.nominateCandidate({
          input: { roundId: round.id, cadreId: gid('Cadre', talent.id) },
        })
      ).nominateCandidate,
      'candidate',
    );
    const candidateId = nominee.id;
    ok(
      (
        await admin.recordCandidateScores({
          input: { candidateId, writtenExamScore: 88.5, interviewScore: 91 },
        })
      ).recordCandidateScores,
      'candidate',
    );
    ok(
      (await admin.recordInspection({ input: { candidateId, result: 'PASS', notes: '德才兼备' } }))
        .recordInspection,
      'candidate',
    );
    ok(
      (await admin.shortlistCandidate({ input: { candidateId } })).shortlistCandidate,
      'candidate',
    );
    expect(
      ok((await admin.selectCandidate({ input: { candidateId } })).selectCandidate, 'candidate')
        .status,
    ).toBe('SELECTED');
    ok(
      (await admin.recordTrainingCompleted({ input: { candidateId } })).recordTrainingCompleted,
      'candidate',
    );

    // 挂职: the posting with its 三定, then activation.
    const posting = ok(
      (
        await admin.createPosting({
          input: {
            cadreId: gid('Cadre', talent.id),
            receivingUnitId: gid('Unit', world.units.unitB.id),
            type: 'HIGHER_ASSISTANT',
            positionTitle: '镇长助理',
            // 高挂: the 正科 talent assists a leader one step above.
            positionRank: 'DIVISION_DEPUTY',
            responsibilities: ['协助镇长分管招商引资', '牵头重点项目推进'],
            trainingPlan: '一年内熟悉乡镇全面工作，提升统筹协调能力',
            startDate: addDays(today(), -100),
            plannedEndDate: addDays(today(), 265),
            candidateId,
          },
        })
      ).createPosting,
      'posting',
    );
    const postingId = posting.id;
    expect(
      ok((await admin.activatePosting({ input: { postingId } })).activatePosting, 'posting').status,
    ).toBe('ACTIVE');

    // 帮带: the receiving unit's manager pairs the cadre with a leader, who logs a meeting.
    const mentorship = ok(
      (
        await managerB.assignMentor({
          input: {
            postingId,
            mentorId: gid('Cadre', world.cadres.leaderB.id),
            startDate: addDays(today(), -95),
          },
        })
      ).assignMentor,
      'mentorship',
    );
    ok(
      (
        await mentor.logMentorSession({
          input: {
            mentorshipId: mentorship.id,
            date: addDays(today(), -60),
            topic: '思想交流',
            notes: '谈心谈话',
          },
        })
      ).logMentorSession,
      'mentorSession',
    );

    // 情况反馈 and 考核: a report, a routine evaluation by the mentor, a tracking inspection, the final one.
    const quarter = `${year}-Q${Math.floor((Number(today().slice(5, 7)) - 1) / 3) + 1}`;
    ok(
      (
        await managerB.submitFeedbackReport({
          input: { postingId, period: quarter, daysOnSite: 20, performance: '工作扎实' },
        })
      ).submitFeedbackReport,
      'feedbackReport',
    );
    const evaluate = async (
      client: GuazhiClient,
      kind: 'ROUTINE' | 'TRACKING_INSPECTION' | 'FINAL',
      score: number,
      extra = {},
    ) => {
      const draft = ok(
        (
          await client.createEvaluation({
            input: {
              postingId,
              kind,
              date: addDays(today(), -1),
              scores: ALL_SCORES(score),
              grade: 'EXCELLENT',
              comments: '表现优秀',
              ...extra,
            },
          })
        ).createEvaluation,
        'evaluation',
      );
      ok(
        (await client.submitEvaluation({ input: { evaluationId: draft.id } })).submitEvaluation,
        'evaluation',
      );
      return ok(
        (await admin.finalizeEvaluation({ input: { evaluationId: draft.id } })).finalizeEvaluation,
        'evaluation',
      );
    };
    await evaluate(mentor, 'ROUTINE', 90);
    await evaluate(admin, 'TRACKING_INSPECTION', 80, {
      interviewCount: 12,
      findings: '群众评价较高',
    });
    const final = await evaluate(managerB, 'FINAL', 94);
    expect(final.status).toBe('FINALIZED');

    // 返回 and 挂用结合: the return, a promotion, the debrief, an article.
    expect(
      ok(
        (await admin.completePosting({ input: { postingId, actualEndDate: today() } }))
          .completePosting,
        'posting',
      ).status,
    ).toBe('COMPLETED');
    ok(
      (
        await admin.recordCareerEvent({
          input: {
            cadreId: gid('Cadre', talent.id),
            kind: 'PROMOTED',
            date: today(),
            rank: 'DIVISION_DEPUTY',
            documentNumber: '组干〔2026〕88号',
          },
        })
      ).recordCareerEvent,
      'careerEvent',
    );
    const debrief = ok(
      (
        await admin.scheduleDebrief({
          input: { title: '挂职干部座谈会', date: today(), postingIds: [postingId] },
        })
      ).scheduleDebrief,
      'debrief',
    );
    ok(
      (
        await admin.recordDebriefOutcome({
          input: {
            debriefId: debrief.id,
            summary: '交流挂职体会',
            problemsFound: '无',
            suggestions: '推广经验',
          },
        })
      ).recordDebriefOutcome,
      'debrief',
    );
    const article = ok(
      (
        await author.submitExperienceArticle({
          input: { postingId, title: '在乡镇一线成长', body: '一年来……' },
        })
      ).submitExperienceArticle,
      'experienceArticle',
    );
    ok(
      (await admin.markArticlePublished({ input: { articleId: article.id, venues: ['BRIEFING'] } }))
        .markArticlePublished,
      'experienceArticle',
    );

    // What the programme left behind.
    const { cadre: profile } = await admin.cadreTimeline({ id: gid('Cadre', talent.id) });
    const timeline = profile && 'timeline' in profile ? profile.timeline : [];
    expect(timeline.map((t) => t.kind)).toEqual([
      'POSTING_STARTED',
      'POSTING_ENDED',
      'CAREER_EVENT',
    ]);

    const { auditEntries } = await admin.auditEntries({
      first: 100,
      filter: { since: new Date(Date.now() - 3600_000).toISOString() },
    });
    const actions = auditEntries.edges.map((e) => e.node.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'selectionRound.open',
        'candidate.nominate',
        'candidate.select',
        'posting.create',
        'posting.activate',
        'mentorship.assign',
        'mentorSession.log',
        'feedbackReport.submit',
        'evaluation.finalize',
        'posting.complete',
        'careerEvent.record',
        'debrief.schedule',
        'experienceArticle.submit',
        'experienceArticle.publish',
      ]),
    );
    const [{ ended }] = await ds.query('SELECT end_date AS ended FROM mentorship WHERE id = $1', [
      Number(Buffer.from(mentorship.id, 'base64url').toString().split(':')[1]),
    ]);
    expect(ended).toBe(today());
  });
});
