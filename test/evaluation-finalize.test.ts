import { addDays, today } from '../server/common/dates';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { PostingStatus } from '../server/modules/posting/posting-type';
import { UnitKind } from '../server/modules/unit/unit.entity';
import {
  FinalizeEvaluationDocument,
  ReturnEvaluationDocument,
  UpdateEvaluationDocument,
  UpdatePolicyDocument,
  type ReturnEvaluationInput,
} from '../sdk/src';
import { FinalOverallScoresDocument, OverallScoreDocument } from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';
import { evaluationSteps, rowId, scoreColumns } from './support/evaluation';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, cadre, gid, insert, posting, unit, type World } from './support/world';

/** Finalizing an evaluation: the EXCELLENT quota, and the overall score it freezes. */
let env: TestEnv;
let world: World;
let admin: string;
let managerB: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = world.tokens.admin;
  managerB = world.tokens.managerB;
});
afterAll(() => env.close());

const send = (input: ReturnEvaluationInput, token = admin) =>
  mutate(env, ReturnEvaluationDocument, input, token);

const { submit, finalize, raw, activePosting, ownDraft, submitted } = evaluationSteps({
  get env() {
    return env;
  },
  get world() {
    return world;
  },
});

describe('finalizeEvaluation', () => {
  it('moves a submitted evaluation to FINALIZED with its time when the org department finalizes it', async () => {
    const done = await submitted();
    const payload = await finalize({ evaluationId: done.id, version: done.version });
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({ status: 'FINALIZED', version: 3 });
    expect(Date.parse(payload.evaluation!.finalizedAt!)).toBeGreaterThan(Date.now() - 60_000);
    const [audit] = await env.dataSource.query(
      `SELECT before->>'status' AS before, after->>'status' AS after FROM audit_entry
        WHERE action = 'evaluation.finalize' AND entity_id = $1`,
      [rowId(done.id)],
    );
    expect(audit).toEqual({ before: 'SUBMITTED', after: 'FINALIZED' });
    const [row] = await env.dataSource.query('SELECT overall_score FROM evaluation WHERE id = $1', [
      rowId(done.id),
    ]);
    expect(row.overall_score).toBeNull();
  });

  it('refuses INVALID_TRANSITION when the evaluation is still a draft', async () => {
    const draft = await ownDraft();
    await expectRefused(env, 'INVALID_TRANSITION', () => finalize({ evaluationId: draft.id }));
  });

  it('refuses EVALUATION_FINALIZED when the evaluation is finalized already', async () => {
    await expectRefused(env, 'EVALUATION_FINALIZED', () =>
      finalize({ evaluationId: gid('Evaluation', world.evaluations.finalizedActive.id) }),
    );
  });

  it.each(['managerB', 'mentor', 'cadre', 'analyst'] as const)(
    'is FORBIDDEN when the caller is %s',
    async (who) => {
      const done = await submitted();
      await expectDenied(env, 'FORBIDDEN', () =>
        raw(FinalizeEvaluationDocument, { evaluationId: done.id }, world.tokens[who]),
      );
    },
  );
});

describe('EXCELLENT quota', () => {
  /** A completed posting received by `unitId` and its FINAL evaluation, inserted directly. */
  async function finalEvaluation(
    unitId: number,
    date: string,
    grade: Grade | null,
    status: EvaluationStatus,
  ) {
    const c = await cadre(env.dataSource, { name: '期满干部', homeUnitId: world.units.unitA.id });
    const p = await posting(env.dataSource, {
      cadreId: c.id,
      sendingUnitId: world.units.unitA.id,
      receivingUnitId: unitId,
      startDate: '2023-01-01',
      plannedEndDate: '2023-12-31',
      actualEndDate: '2023-12-31',
      status: PostingStatus.COMPLETED,
    });
    const e = await insert(env.dataSource, Evaluation, {
      postingId: p.id,
      kind: EvaluationKind.FINAL,
      date,
      ...scoreColumns([90, 90, 90, 90, 90, 90, 90]),
      grade,
      status,
      finalizedAt: status === EvaluationStatus.FINALIZED ? new Date(`${date}T08:00:00Z`) : null,
    });
    return gid('Evaluation', e.id);
  }

  const { EXCELLENT, COMPETENT } = Grade;
  const { SUBMITTED, FINALIZED, DRAFT } = EvaluationStatus;

  it('caps EXCELLENT at max(1, floor(quota × submitted and finalized FINAL evaluations)) of the unit kind and year when finalizing', async () => {
    const e1 = await unit(env.dataSource, { name: '甲企业', kind: UnitKind.ENTERPRISE });
    const e2 = await unit(env.dataSource, { name: '乙企业', kind: UnitKind.ENTERPRISE });
    const school = await unit(env.dataSource, { name: '丙学校', kind: UnitKind.SCHOOL });
    await finalEvaluation(e1.id, '2024-03-01', EXCELLENT, FINALIZED);
    const waiting = await finalEvaluation(e2.id, '2024-06-21', EXCELLENT, SUBMITTED);
    const competent = await finalEvaluation(e1.id, '2024-07-01', COMPETENT, SUBMITTED);
    await finalEvaluation(e2.id, '2024-08-01', COMPETENT, SUBMITTED);
    await finalEvaluation(e2.id, '2024-12-31', COMPETENT, SUBMITTED);
    // Neither another kind nor another year counts.
    await finalEvaluation(school.id, '2024-05-01', EXCELLENT, FINALIZED);
    await finalEvaluation(e1.id, '2025-01-01', EXCELLENT, FINALIZED);

    // 5 FINAL evaluations of enterprises in 2024: floor(0.2 × 5) = 1, taken already.
    const refused = await expectRefused(env, 'EXCELLENT_QUOTA_EXCEEDED', () =>
      finalize({ evaluationId: waiting }),
    );
    expect(refused.userErrors[0].message).toContain('ENTERPRISE');
    expect((await finalize({ evaluationId: competent })).userErrors).toEqual([]);

    // 10 submitted or finalized: floor(0.2 × 10) = 2.
    for (let i = 0; i < 5; i++) await finalEvaluation(e1.id, '2024-09-01', COMPETENT, SUBMITTED);
    expect((await finalize({ evaluationId: waiting })).userErrors).toEqual([]);

    // 11: floor(2.2) = 2, both taken.
    const third = await finalEvaluation(e2.id, '2024-10-01', EXCELLENT, SUBMITTED);
    await expectRefused(env, 'EXCELLENT_QUOTA_EXCEEDED', () => finalize({ evaluationId: third }));
  });

  it('does not raise the allowance when DRAFT FINAL evaluations are opened', async () => {
    const a = await unit(env.dataSource, { name: '甲法院', kind: UnitKind.JUDICIAL });
    await finalEvaluation(a.id, '2023-03-01', EXCELLENT, FINALIZED);
    const waiting = await finalEvaluation(a.id, '2023-04-01', EXCELLENT, SUBMITTED);
    for (let i = 0; i < 3; i++) await finalEvaluation(a.id, '2023-05-01', COMPETENT, FINALIZED);
    // Drafts are not assessments yet: 5 count, floor(0.2 × 5) = 1, taken already.
    for (let i = 0; i < 10; i++) await finalEvaluation(a.id, '2023-06-01', null, DRAFT);
    const refused = await expectRefused(env, 'EXCELLENT_QUOTA_EXCEEDED', () =>
      finalize({ evaluationId: waiting }),
    );
    expect(refused.userErrors[0].message).toContain('of 5');
  });

  it('lets an EXCELLENT refused by the quota go back to DRAFT, out of the base, and on to FINALIZED as COMPETENT', async () => {
    const a = await unit(env.dataSource, { name: '丁法院', kind: UnitKind.JUDICIAL });
    await finalEvaluation(a.id, '2022-03-01', EXCELLENT, FINALIZED);
    const stuck = await finalEvaluation(a.id, '2022-04-01', EXCELLENT, SUBMITTED);
    await expectRefused(env, 'EXCELLENT_QUOTA_EXCEEDED', () => finalize({ evaluationId: stuck }));
    const base = async () => {
      const [row] = await env.dataSource.query(
        `SELECT base FROM rules.excellent_quota_standing('JUDICIAL', 2022)`,
      );
      return row.base as number;
    };
    expect(await base()).toBe(2);

    const returned = await send({
      evaluationId: stuck,
      version: 1,
      reason: '优秀名额已满，请重新评定',
    });
    expect(returned.userErrors).toEqual([]);
    expect(returned.evaluation).toMatchObject({ status: 'DRAFT', version: 2 });
    expect(await base()).toBe(1);
    const [audit] = await env.dataSource.query(
      `SELECT before->>'status' AS before, after->>'status' AS after, reason FROM audit_entry
        WHERE action = 'evaluation.return' AND entity_id = $1`,
      [rowId(stuck)],
    );
    expect(audit).toEqual({
      before: 'SUBMITTED',
      after: 'DRAFT',
      reason: '优秀名额已满，请重新评定',
    });

    const edited = await mutate(
      env,
      UpdateEvaluationDocument,
      { evaluationId: stuck, version: 2, grade: 'COMPETENT' },
      admin,
    );
    expect(edited.userErrors).toEqual([]);
    expect((await submit({ evaluationId: stuck }, admin)).userErrors).toEqual([]);
    const done = await finalize({ evaluationId: stuck });
    expect(done.userErrors).toEqual([]);
    expect(done.evaluation).toMatchObject({ status: 'FINALIZED', grade: 'COMPETENT' });
  });

  it('allows one EXCELLENT when the quota rounds down to zero', async () => {
    const court = await unit(env.dataSource, { name: '某区人民法院', kind: UnitKind.JUDICIAL });
    const only = await finalEvaluation(court.id, '2024-11-11', EXCELLENT, SUBMITTED);
    const payload = await finalize({ evaluationId: only });
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation?.status).toBe('FINALIZED');
  });

  it('does not cap EXCELLENT when the evaluation is not FINAL', async () => {
    const draft = await ownDraft({ grade: 'EXCELLENT' });
    await submit({ evaluationId: draft.id });
    expect((await finalize({ evaluationId: draft.id })).userErrors).toEqual([]);
  });

  it('lets exactly one of two simultaneous EXCELLENT finalizations win when the quota has one place', async () => {
    const a = await unit(env.dataSource, { name: '甲事业单位', kind: UnitKind.PUBLIC_INSTITUTION });
    const b = await unit(env.dataSource, { name: '乙事业单位', kind: UnitKind.PUBLIC_INSTITUTION });
    const first = await finalEvaluation(a.id, '2024-04-01', EXCELLENT, SUBMITTED);
    const second = await finalEvaluation(b.id, '2024-04-02', EXCELLENT, SUBMITTED);
    const results = await Promise.all([
      finalize({ evaluationId: first }),
      finalize({ evaluationId: second }),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'EXCELLENT_QUOTA_EXCEEDED']);
    const [{ n }] = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM evaluation e JOIN posting p ON p.id = e.posting_id
        WHERE p.receiving_unit_id IN ($1, $2) AND e.status = 'FINALIZED'`,
      [a.id, b.id],
    );
    expect(n).toBe(1);
  });
});

describe('overallScore', () => {
  const { ROUTINE, TRACKING_INSPECTION, FINAL } = EvaluationKind;
  const { DRAFT, SUBMITTED, FINALIZED } = EvaluationStatus;

  async function overall(id: string, token = admin): Promise<number | null> {
    const res = await env.graphql(OverallScoreDocument, { id }, token);
    expect(res.errors).toBeUndefined();
    return withField(res.data!.node, 'overallScore').overallScore;
  }

  async function evaluationOf(
    postingId: number,
    kind: EvaluationKind,
    scores: number[],
    status = FINALIZED,
    values: { date?: string; createdAt?: Date } = {},
  ) {
    const e = await insert(env.dataSource, Evaluation, {
      postingId,
      kind,
      date: addDays(today(), -30),
      ...scoreColumns(scores),
      grade: status === DRAFT ? null : Grade.COMPETENT,
      status,
      finalizedAt: status === FINALIZED ? new Date() : null,
      ...(kind === TRACKING_INSPECTION ? { interviewCount: 5, findings: '良好' } : {}),
      ...values,
    });
    return gid('Evaluation', e.id);
  }

  const DEFAULT_WEIGHTS = { routineWeight: 0.3, trackingWeight: 0.2, finalWeight: 0.5 };

  async function setWeights(weights: typeof DEFAULT_WEIGHTS): Promise<void> {
    const [{ version }] = await env.dataSource.query('SELECT version FROM policy');
    const changed = await mutate(env, UpdatePolicyDocument, { version, ...weights }, admin);
    expect(changed.userErrors).toEqual([]);
  }

  /** Runs `check` under other weights, then puts the defaults back. */
  async function withWeights(weights: typeof DEFAULT_WEIGHTS, check: () => Promise<void>) {
    await setWeights(weights);
    try {
      await check();
    } finally {
      await setWeights(DEFAULT_WEIGHTS);
    }
  }

  const at = (daysAgo: number) => new Date(`${addDays(today(), -daysAgo)}T08:00:00Z`);

  it('previews routine, tracking and final means weighed by the policy when the FINAL evaluation is a draft', async () => {
    const p = await activePosting();
    await evaluationOf(p.id, ROUTINE, [80, 80, 80, 80, 80, 80, 80]); // mean 80
    await evaluationOf(p.id, ROUTINE, [100, 100, 100, 100, 100, 100, 30]); // mean 90
    // Not finalized: left out.
    await evaluationOf(p.id, ROUTINE, [10, 10, 10, 10, 10, 10, 10], SUBMITTED);
    await evaluationOf(p.id, TRACKING_INSPECTION, [70, 70, 70, 70, 70, 70, 70]); // mean 70
    const final = await evaluationOf(p.id, FINAL, [50, 70, 60, 60, 60, 60, 60], DRAFT); // mean 60
    // 0.3 × (80 + 90) / 2 + 0.2 × 70 + 0.5 × 60 = 25.5 + 14 + 30
    expect(await overall(final)).toBe(69.5);
    expect(await overall(final, world.tokens.analyst)).toBe(69.5);
  });

  it('shares out the tracking weight when the posting has no finalized tracking inspection', async () => {
    const p = await activePosting();
    await evaluationOf(p.id, ROUTINE, [80, 80, 80, 80, 80, 80, 80]);
    const final = await evaluationOf(p.id, FINAL, [60, 60, 60, 60, 60, 60, 60], SUBMITTED);
    // (0.3 × 80 + 0.5 × 60) / (0.3 + 0.5) = 54 / 0.8
    expect(await overall(final)).toBe(67.5);
  });

  it('is the FINAL evaluation’s own mean when nothing else is finalized', async () => {
    const p = await activePosting();
    const final = await evaluationOf(p.id, FINAL, [61, 62, 63, 64, 65, 66, 67], SUBMITTED);
    expect(await overall(final)).toBe(64);
  });

  it('is null when the evaluation is not FINAL', async () => {
    expect(await overall(gid('Evaluation', world.evaluations.finalizedActive.id))).toBeNull();
  });

  it('previews with the policy’s current weights when the FINAL evaluation is not finalized yet', async () => {
    const p = await activePosting();
    await evaluationOf(p.id, ROUTINE, [80, 80, 80, 80, 80, 80, 80]);
    await evaluationOf(p.id, TRACKING_INSPECTION, [70, 70, 70, 70, 70, 70, 70]);
    const final = await evaluationOf(p.id, FINAL, [60, 60, 60, 60, 60, 60, 60], SUBMITTED);
    expect(await overall(final)).toBe(68); // 0.3 × 80 + 0.2 × 70 + 0.5 × 60 = 24 + 14 + 30
    await withWeights({ routineWeight: 0.5, trackingWeight: 0, finalWeight: 0.5 }, async () => {
      // A zero weight drops the tracking mean: 0.5 × 80 + 0.5 × 60.
      expect(await overall(final)).toBe(70);
    });
  });

  it('freezes the score when the FINAL evaluation is finalized and keeps it when the weights change', async () => {
    const p = await activePosting();
    await evaluationOf(p.id, ROUTINE, [80, 80, 80, 80, 80, 80, 80]);
    await evaluationOf(p.id, TRACKING_INSPECTION, [70, 70, 70, 70, 70, 70, 70]);
    // Neither a draft nor a submitted component counts.
    await evaluationOf(p.id, ROUTINE, [10, 10, 10, 10, 10, 10, 10], SUBMITTED);
    const final = await evaluationOf(p.id, FINAL, [60, 60, 60, 60, 60, 60, 60], SUBMITTED);
    const payload = await finalize({ evaluationId: final });
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({ status: 'FINALIZED', overallScore: 68 });
    const [row] = await env.dataSource.query('SELECT overall_score FROM evaluation WHERE id = $1', [
      rowId(final),
    ]);
    expect(row.overall_score).toBe('68.00');
    const [audit] = await env.dataSource.query(
      `SELECT after->>'overallScore' AS score FROM audit_entry
        WHERE action = 'evaluation.finalize' AND entity_id = $1`,
      [rowId(final)],
    );
    expect(Number(audit.score)).toBe(68);

    await withWeights({ routineWeight: 0.5, trackingWeight: 0, finalWeight: 0.5 }, async () => {
      expect(await overall(final)).toBe(68);
    });
    // A component finalized afterwards does not move it either.
    await evaluationOf(p.id, ROUTINE, [100, 100, 100, 100, 100, 100, 100]);
    expect(await overall(final)).toBe(68);
  });

  it('shows the receiving unit’s manager the frozen score the org department sees when a component was written after the posting ended', async () => {
    const p = await activePosting({
      status: PostingStatus.COMPLETED,
      actualEndDate: addDays(today(), -30),
    });
    await evaluationOf(p.id, ROUTINE, [80, 80, 80, 80, 80, 80, 80], FINALIZED, {
      date: addDays(today(), -100),
      createdAt: at(100),
    });
    // Written after the return: the receiving unit no longer reads it.
    const late = await evaluationOf(p.id, ROUTINE, [100, 100, 100, 100, 100, 100, 100], FINALIZED, {
      date: addDays(today(), -40),
      createdAt: at(10),
    });
    const final = await evaluationOf(p.id, FINAL, [60, 60, 60, 60, 60, 60, 60], SUBMITTED, {
      date: addDays(today(), -20),
      createdAt: at(35),
    });
    expect((await finalize({ evaluationId: final })).userErrors).toEqual([]);

    const res = await env.graphql(OverallScoreDocument, { id: late }, managerB);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // (0.3 × (80 + 100) / 2 + 0.5 × 60) / 0.8 = 57 / 0.8, whoever reads it.
    expect(await overall(final)).toBe(71.25);
    expect(await overall(final, managerB)).toBe(71.25);
    expect(await overall(final, world.tokens.analyst)).toBe(71.25);
  });

  it('sends as many statements for 2 FINAL evaluations as for 10 when listed together', async () => {
    const postingIds: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await activePosting();
      await evaluationOf(p.id, ROUTINE, [70, 70, 70, 70, 70, 70, 70]);
      await evaluationOf(p.id, FINAL, [80, 80, 80, 80, 80, 80, 80], i % 2 ? SUBMITTED : DRAFT);
      postingIds.push(gid('Posting', p.id));
    }
    // Only these postings (FinalOverallScores), so that both pages have the same shape of data.
    const count = async (first: number) => {
      env.statements.reset();
      const res = await env.graphql(FinalOverallScoresDocument, { first, postingIds }, admin);
      expect(res.data!.evaluations.nodes.map((n) => n.overallScore)).toEqual(
        Array(first).fill(76.25), // (0.3 × 70 + 0.5 × 80) / 0.8
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.evaluations.nodes).toHaveLength(first);
      return env.statements.count;
    };
    expect(await count(10)).toBe(await count(2));
  });
});

describe('returnEvaluation', () => {
  it('refuses INVALID_TRANSITION for a DRAFT', async () => {
    const draft = await ownDraft();
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      send({ evaluationId: draft.id, reason: '退回' }),
    );
  });

  it('refuses EVALUATION_FINALIZED once finalized', async () => {
    const done = await submitted();
    expect((await finalize({ evaluationId: done.id })).userErrors).toEqual([]);
    await expectRefused(env, 'EVALUATION_FINALIZED', () =>
      send({ evaluationId: done.id, reason: '退回' }),
    );
  });

  it('refuses INVALID_VALUE without a reason', async () => {
    const done = await submitted();
    const refused = await expectRefused(env, 'INVALID_VALUE', () =>
      send({ evaluationId: done.id, reason: '  ' }),
    );
    expect(refused.userErrors[0].field).toEqual(['reason']);
  });

  it('is FORBIDDEN to the evaluation’s own author, a unit manager', async () => {
    const done = await submitted();
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(ReturnEvaluationDocument, { evaluationId: done.id, reason: '退回' }, managerB),
    );
  });
});
