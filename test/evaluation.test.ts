import { addDays, today } from '../server/common/dates';
import {
  EvaluationDimension,
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { PostingStatus } from '../server/modules/posting/posting-type';
import { UnitKind } from '../server/modules/unit/unit.entity';
import {
  CreateApiKeyDocument,
  CreateEvaluationDocument,
  FinalizeEvaluationDocument,
  SubmitEvaluationDocument,
  UpdateEvaluationDocument,
  UpdatePolicyDocument,
  type CreateEvaluationInput,
  type FinalizeEvaluationInput,
  type SubmitEvaluationInput,
  type UpdateEvaluationInput,
} from '../sdk/src';
import { FinalOverallScoresDocument, OverallScoreDocument } from './generated/graphql';
import { createTestEnv, withField, type TestEnv, type TypedDocument } from './support/env';
import { fingerprint } from './support/db-state';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, cadre, gid, insert, posting, unit, type World } from './support/world';

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

const DIMENSIONS = Object.values(EvaluationDimension);

const create = (input: CreateEvaluationInput, token = managerB) =>
  mutate(env, CreateEvaluationDocument, input, token);
const update = (input: UpdateEvaluationInput, token = managerB) =>
  mutate(env, UpdateEvaluationDocument, input, token);
const submit = (input: SubmitEvaluationInput, token = managerB) =>
  mutate(env, SubmitEvaluationDocument, input, token);
const finalize = (input: FinalizeEvaluationInput, token = admin) =>
  mutate(env, FinalizeEvaluationDocument, input, token);

/** The whole response, for answers that are GraphQL errors (denials) rather than payloads. */
const raw = <TResult, TInput>(
  document: TypedDocument<TResult, { input: TInput }>,
  input: TInput,
  token: string,
) => env.graphql(document, { input }, token);

const rowId = (globalId: string) =>
  Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);

const allScores = (score: number) => DIMENSIONS.map((dimension) => ({ dimension, score }));

/** Score columns for a direct insert, one value per dimension in enum order. */
function scoreColumns(values: number[]) {
  const [p, m, l, w, ml, i, d] = values;
  return {
    politicalConductScore: p,
    moralCharacterScore: m,
    leadershipScore: l,
    workAbilityScore: w,
    massLineScore: ml,
    initiativeScore: i,
    disciplineScore: d,
  };
}

/** An ACTIVE posting from unit A to township B that began 200 days ago. */
async function activePosting(values: Record<string, unknown> = {}) {
  const c = await cadre(env.dataSource, { name: '考核干部', homeUnitId: world.units.unitA.id });
  return posting(env.dataSource, {
    cadreId: c.id,
    sendingUnitId: world.units.unitA.id,
    receivingUnitId: world.units.unitB.id,
    startDate: addDays(today(), -200),
    plannedEndDate: addDays(today(), 200),
    ...values,
  });
}

function draftInput(
  postingId: number,
  kind: CreateEvaluationInput['kind'] = 'ROUTINE',
  values: Partial<CreateEvaluationInput> = {},
): CreateEvaluationInput {
  return {
    postingId: gid('Posting', postingId),
    kind,
    date: addDays(today(), -5),
    scores: allScores(80),
    grade: 'COMPETENT',
    comments: '工作扎实',
    ...values,
  };
}

/** A ROUTINE draft written by the receiving unit's manager on a fresh posting. */
async function ownDraft(values: Partial<CreateEvaluationInput> = {}) {
  const p = await activePosting();
  const payload = await create(draftInput(p.id, 'ROUTINE', values));
  expect(payload.userErrors).toEqual([]);
  return payload.evaluation!;
}

async function submitted() {
  const draft = await ownDraft();
  const payload = await submit({ evaluationId: draft.id });
  expect(payload.userErrors).toEqual([]);
  return payload.evaluation!;
}

/** The secret of a new UNIT_MANAGER API key of unit B, created by the org department. */
async function unitBKey(): Promise<string> {
  const payload = await mutate(
    env,
    CreateApiKeyDocument,
    { name: '乡镇考核系统', role: 'UNIT_MANAGER', unitId: gid('Unit', world.units.unitB.id) },
    admin,
  );
  expect(payload.userErrors).toEqual([]);
  return payload.secret!;
}

/** Every table but api_key, whose last-use stamp moves with each request made with a key. */
async function stateBesidesKeyUse(): Promise<Record<string, string>> {
  const state = await fingerprint(env.dataSource);
  delete state.api_key;
  return state;
}

async function userId(username: string): Promise<number> {
  const [row] = await env.dataSource.query('SELECT id FROM app_user WHERE username = $1', [
    username,
  ]);
  return row.id;
}

describe('createEvaluation', () => {
  it('creates a ROUTINE draft authored by the viewer when the receiving unit’s manager drafts it', async () => {
    const payload = await create(
      draftInput(world.postings.active.id, 'ROUTINE', {
        scores: [
          { dimension: 'LEADERSHIP', score: 70 },
          { dimension: 'INITIATIVE', score: 91 },
        ],
        grade: null,
      }),
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({
      kind: 'ROUTINE',
      status: 'DRAFT',
      version: 1,
      grade: null,
      averageScore: 80.5,
      overallScore: null,
      scores: [
        { dimension: 'LEADERSHIP', score: 70 },
        { dimension: 'INITIATIVE', score: 91 },
      ],
    });
    const id = rowId(payload.evaluation!.id);
    const [row] = await env.dataSource.query('SELECT evaluator_id FROM evaluation WHERE id = $1', [
      id,
    ]);
    expect(row.evaluator_id).toBe(await userId('manager_b'));
    const [audit] = await env.dataSource.query(
      `SELECT action, after->>'status' AS status FROM audit_entry WHERE entity = 'Evaluation' AND entity_id = $1`,
      [id],
    );
    expect(audit).toEqual({ action: 'evaluation.create', status: 'DRAFT' });
  });

  it('creates a ROUTINE draft when the posting’s current mentor drafts it', async () => {
    const payload = await create(draftInput(world.postings.active.id), world.tokens.mentor);
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({ kind: 'ROUTINE', status: 'DRAFT' });
  });

  it('creates a TRACKING_INSPECTION when the org department records interviews and findings', async () => {
    const payload = await create(
      draftInput(world.postings.active.id, 'TRACKING_INSPECTION', {
        interviewCount: 12,
        findings: '群众反映良好',
      }),
      admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation?.kind).toBe('TRACKING_INSPECTION');
  });

  it('creates a FINAL draft when the receiving unit’s manager drafts it', async () => {
    const p = await activePosting();
    const payload = await create(draftInput(p.id, 'FINAL'));
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({ kind: 'FINAL', status: 'DRAFT' });
  });

  it('lets the org department draft a FINAL dated after the return when the posting has completed', async () => {
    const p = await activePosting({
      status: PostingStatus.COMPLETED,
      actualEndDate: addDays(today(), -20),
    });
    const payload = await create(draftInput(p.id, 'FINAL', { date: addDays(today(), -3) }), admin);
    expect(payload.userErrors).toEqual([]);
    await expectRefused(env, 'DATE_OUTSIDE_POSTING', () =>
      create(draftInput(p.id, 'ROUTINE', { date: addDays(today(), -3) }), admin),
    );
  });

  it('refuses FINAL_EVALUATION_EXISTS when the posting has a FINAL evaluation already', async () => {
    const p = await activePosting();
    expect((await create(draftInput(p.id, 'FINAL'))).userErrors).toEqual([]);
    await expectRefused(env, 'FINAL_EVALUATION_EXISTS', () => create(draftInput(p.id, 'FINAL')));
  });

  it('lets exactly one of two simultaneous FINAL drafts win when both are for one posting', async () => {
    const p = await activePosting();
    const results = await Promise.all([
      create(draftInput(p.id, 'FINAL')),
      create(draftInput(p.id, 'FINAL'), admin),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'FINAL_EVALUATION_EXISTS']);
  });

  it('refuses POSTING_NOT_ACTIVE when a unit manager drafts for a completed posting', async () => {
    await expectRefused(env, 'POSTING_NOT_ACTIVE', () =>
      create(draftInput(world.postings.completed.id, 'ROUTINE', { date: '2025-12-01' })),
    );
  });

  it('refuses POSTING_NOT_ACTIVE when the org department drafts for a PLANNED posting', async () => {
    const p = await activePosting({ status: PostingStatus.PLANNED });
    await expectRefused(env, 'POSTING_NOT_ACTIVE', () => create(draftInput(p.id), admin));
  });

  it.each<[string, Partial<CreateEvaluationInput>]>([
    ['a score is above 100', { scores: [{ dimension: 'LEADERSHIP', score: 101 }] }],
    ['a score is negative', { scores: [{ dimension: 'LEADERSHIP', score: -1 }] }],
    [
      'a dimension is scored twice',
      {
        scores: [
          { dimension: 'DISCIPLINE', score: 80 },
          { dimension: 'DISCIPLINE', score: 90 },
        ],
      },
    ],
    ['a ROUTINE evaluation carries findings', { findings: '发现问题' }],
    ['a ROUTINE evaluation carries an interview count', { interviewCount: 3 }],
  ])('refuses INVALID_VALUE when %s', async (_case, values) => {
    await expectRefused(env, 'INVALID_VALUE', () =>
      create(draftInput(world.postings.active.id, 'ROUTINE', values)),
    );
  });

  it('refuses INVALID_VALUE when a tracking inspection has a negative interview count', async () => {
    await expectRefused(env, 'INVALID_VALUE', () =>
      create(
        draftInput(world.postings.active.id, 'TRACKING_INSPECTION', { interviewCount: -1 }),
        admin,
      ),
    );
  });

  it('refuses INVALID_DATES when the date is in the future', async () => {
    await expectRefused(env, 'INVALID_DATES', () =>
      create(draftInput(world.postings.active.id, 'ROUTINE', { date: addDays(today(), 1) })),
    );
  });

  it('refuses DATE_OUTSIDE_POSTING when the date precedes the posting', async () => {
    await expectRefused(env, 'DATE_OUTSIDE_POSTING', () =>
      create(draftInput(world.postings.active.id, 'ROUTINE', { date: '2026-02-28' })),
    );
  });

  it('is FORBIDDEN to the receiving unit’s manager when the kind is TRACKING_INSPECTION', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(
        CreateEvaluationDocument,
        draftInput(world.postings.active.id, 'TRACKING_INSPECTION', { interviewCount: 3 }),
        managerB,
      ),
    );
  });

  it('is FORBIDDEN to the mentor when the kind is FINAL', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(
        CreateEvaluationDocument,
        draftInput(world.postings.active.id, 'FINAL'),
        world.tokens.mentor,
      ),
    );
  });

  it('is FORBIDDEN to the sending unit’s manager when another unit receives the cadre', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(CreateEvaluationDocument, draftInput(world.postings.active.id), world.tokens.managerA),
    );
  });

  it.each([
    ['another unit’s cadre', 'inbound'],
    ['a former mentee whose posting has ended', 'completed'],
  ] as const)('is NOT_FOUND to a mentor when the posting is %s', async (_case, which) => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(CreateEvaluationDocument, draftInput(world.postings[which].id), world.tokens.mentor),
    );
  });

  it.each(['cadre', 'analyst'] as const)(
    'is FORBIDDEN when the caller’s role is %s',
    async (role) => {
      await expectDenied(env, 'FORBIDDEN', () =>
        raw(CreateEvaluationDocument, draftInput(world.postings.active.id), world.tokens[role]),
      );
    },
  );

  it('is FORBIDDEN when the caller is an API key, even one of the receiving unit', async () => {
    const key = await unitBKey();
    const before = await stateBesidesKeyUse();
    const res = await raw(CreateEvaluationDocument, draftInput(world.postings.active.id), key);
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['FORBIDDEN', 'API keys cannot author evaluations; sign in as a person'],
    ]);
    expect(await stateBesidesKeyUse()).toEqual(before);
  });
});

describe('updateEvaluation', () => {
  it('changes the draft and bumps its version when the version is current', async () => {
    const draft = await ownDraft({ scores: [], grade: null });
    const payload = await update({
      evaluationId: draft.id,
      version: 1,
      scores: [{ dimension: 'MASS_LINE', score: 88 }],
      grade: 'EXCELLENT',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({
      version: 2,
      grade: 'EXCELLENT',
      scores: [{ dimension: 'MASS_LINE', score: 88 }],
    });
    const [audit] = await env.dataSource.query(
      `SELECT before->>'version' AS before, after->>'version' AS after FROM audit_entry
        WHERE action = 'evaluation.update' AND entity_id = $1`,
      [rowId(draft.id)],
    );
    expect(audit).toEqual({ before: '1', after: '2' });
  });

  it('refuses STALE_VERSION and changes nothing when the version is old', async () => {
    const draft = await ownDraft();
    expect(
      (await update({ evaluationId: draft.id, version: 1, comments: '第一次' })).userErrors,
    ).toEqual([]);
    const payload = await expectRefused(env, 'STALE_VERSION', () =>
      update({ evaluationId: draft.id, version: 1, comments: '第二次' }),
    );
    expect(payload.userErrors[0].field).toEqual(['version']);
  });

  it('refuses EVALUATION_FINALIZED when the evaluation is finalized', async () => {
    await expectRefused(env, 'EVALUATION_FINALIZED', () =>
      update(
        {
          evaluationId: gid('Evaluation', world.evaluations.finalizedActive.id),
          version: 1,
          grade: 'EXCELLENT',
        },
        admin,
      ),
    );
  });

  it('refuses INVALID_TRANSITION when the evaluation is submitted', async () => {
    const done = await submitted();
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      update({ evaluationId: done.id, version: done.version, comments: '改' }),
    );
  });

  it('refuses INVALID_VALUE when a ROUTINE draft is given findings', async () => {
    const draft = await ownDraft();
    await expectRefused(env, 'INVALID_VALUE', () =>
      update({ evaluationId: draft.id, version: 1, findings: '发现' }),
    );
  });

  it('is FORBIDDEN to a manager when someone else wrote the draft', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(
        UpdateEvaluationDocument,
        {
          evaluationId: gid('Evaluation', world.evaluations.draftEvaluation.id),
          version: 1,
          comments: '改',
        },
        managerB,
      ),
    );
  });

  it.each(['cadre', 'analyst'] as const)(
    'is FORBIDDEN when the caller’s role is %s',
    async (role) => {
      const draft = await ownDraft();
      await expectDenied(env, 'FORBIDDEN', () =>
        raw(
          UpdateEvaluationDocument,
          { evaluationId: draft.id, version: 1, comments: '改' },
          world.tokens[role],
        ),
      );
    },
  );

  it('is FORBIDDEN to an API key of the receiving unit when the draft has no author', async () => {
    const key = await unitBKey();
    const before = await stateBesidesKeyUse();
    const res = await raw(
      UpdateEvaluationDocument,
      {
        evaluationId: gid('Evaluation', world.evaluations.draftEvaluation.id),
        version: 1,
        comments: '改',
      },
      key,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await stateBesidesKeyUse()).toEqual(before);
  });

  it('answers NOT_FOUND when the evaluation does not exist', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(UpdateEvaluationDocument, { evaluationId: gid('Evaluation', 999999), version: 1 }, admin),
    );
  });

  it('lets exactly one of two simultaneous edits win when both send the same version', async () => {
    const draft = await ownDraft();
    const results = await Promise.all([
      update({ evaluationId: draft.id, version: 1, comments: '甲' }),
      update({ evaluationId: draft.id, version: 1, comments: '乙' }),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'STALE_VERSION']);
    const winner = results.find((r) => r.userErrors.length === 0)!;
    const [row] = await env.dataSource.query(
      `SELECT e.version, e.comments,
              (SELECT count(*)::int FROM audit_entry a
                WHERE a.entity = 'Evaluation' AND a.entity_id = e.id AND a.action = 'evaluation.update') AS audits
         FROM evaluation e WHERE e.id = $1`,
      [rowId(draft.id)],
    );
    expect(row).toEqual({
      version: 2,
      comments: winner === results[0] ? '甲' : '乙',
      audits: 1,
    });
  });
});

describe('submitEvaluation', () => {
  it('moves a complete draft to SUBMITTED when its author submits it', async () => {
    const draft = await ownDraft();
    const payload = await submit({ evaluationId: draft.id, version: 1 });
    expect(payload.userErrors).toEqual([]);
    expect(payload.evaluation).toMatchObject({ status: 'SUBMITTED', version: 2 });
  });

  it('refuses EVALUATION_INCOMPLETE when a score is missing', async () => {
    const draft = await ownDraft({ scores: allScores(80).slice(1) });
    const payload = await expectRefused(env, 'EVALUATION_INCOMPLETE', () =>
      submit({ evaluationId: draft.id }),
    );
    expect(payload.userErrors[0].message).toContain('POLITICAL_CONDUCT');
  });

  it('refuses EVALUATION_INCOMPLETE when the grade is missing', async () => {
    const draft = await ownDraft({ grade: null });
    await expectRefused(env, 'EVALUATION_INCOMPLETE', () => submit({ evaluationId: draft.id }));
  });

  it('refuses EVALUATION_INCOMPLETE when a tracking inspection has no findings', async () => {
    const p = await activePosting();
    const draft = await create(
      draftInput(p.id, 'TRACKING_INSPECTION', { interviewCount: 8 }),
      admin,
    );
    await expectRefused(env, 'EVALUATION_INCOMPLETE', () =>
      submit({ evaluationId: draft.evaluation!.id }, admin),
    );
  });

  it('refuses STALE_VERSION when the version sent is old', async () => {
    const draft = await ownDraft();
    await update({ evaluationId: draft.id, version: 1, comments: '补充' });
    await expectRefused(env, 'STALE_VERSION', () => submit({ evaluationId: draft.id, version: 1 }));
  });

  it('refuses INVALID_TRANSITION when the evaluation is submitted already', async () => {
    const done = await submitted();
    await expectRefused(env, 'INVALID_TRANSITION', () => submit({ evaluationId: done.id }));
  });

  it('refuses EVALUATION_FINALIZED when the evaluation is finalized', async () => {
    await expectRefused(env, 'EVALUATION_FINALIZED', () =>
      submit({ evaluationId: gid('Evaluation', world.evaluations.finalizedActive.id) }, admin),
    );
  });

  it('is FORBIDDEN to the mentor when someone else wrote the draft', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(
        SubmitEvaluationDocument,
        { evaluationId: gid('Evaluation', world.evaluations.draftEvaluation.id) },
        world.tokens.mentor,
      ),
    );
  });
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
