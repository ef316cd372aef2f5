import { addDays, today } from '../server/common/dates';
import { PostingStatus } from '../server/modules/posting/posting-type';
import {
  CreateEvaluationDocument,
  SubmitEvaluationDocument,
  UpdateEvaluationDocument,
  type CreateEvaluationInput,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { allScores, evaluationSteps, rowId } from './support/evaluation';
import { expectDenied, expectRefused } from './support/mutations';
import { buildWorld, gid, type World } from './support/world';

/** Drafting an evaluation (考核): createEvaluation, updateEvaluation, submitEvaluation. */
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

const {
  create,
  update,
  submit,
  raw,
  activePosting,
  draftInput,
  ownDraft,
  submitted,
  unitBKey,
  stateBesidesKeyUse,
  userId,
} = evaluationSteps({
  get env() {
    return env;
  },
  get world() {
    return world;
  },
});

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
