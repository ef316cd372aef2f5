import { addDays, today } from '../server/common/dates';
import { CandidateStatus, InspectionResult } from '../server/modules/selection/candidate.entity';
import { SelectionRoundStatus } from '../server/modules/selection/selection-round.entity';
import {
  NominateCandidateDocument,
  OpenSelectionRoundDocument,
  RecordCandidateScoresDocument,
  RecordInspectionDocument,
  RecordTrainingCompletedDocument,
  RejectCandidateDocument,
  SelectCandidateDocument,
  ShortlistCandidateDocument,
} from '../sdk/src';
import {
  CreatePostingStatusAndTypeDocument,
  SelectionRoundCountsDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate, type Payload } from './support/mutations';
import { ref, rowId, selectionSteps } from './support/selection';
import { buildWorld, gid, type World } from './support/world';

/** A candidate's steps (选派): scores, inspection, shortlist, selection, training, then the posting. */
let env: TestEnv;
let world: World;
let admin: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = world.tokens.admin;
});
afterAll(() => env.close());

const { onCandidate, onRound, raw, freshCadre, round, candidate, auditActions } = selectionSteps({
  get env() {
    return env;
  },
  get world() {
    return world;
  },
});

describe('recordCandidateScores', () => {
  it('records both scores, then keeps the one left out when only the other is sent', async () => {
    const c = await candidate({
      status: CandidateStatus.NOMINATED,
      writtenExamScore: null,
      interviewScore: null,
    });
    const first = await onCandidate(RecordCandidateScoresDocument, {
      ...ref(c),
      writtenExamScore: 88.25,
      interviewScore: 79,
    });
    expect(first.candidate).toMatchObject({
      writtenExamScore: 88.25,
      interviewScore: 79,
      version: 2,
    });
    const second = await onCandidate(RecordCandidateScoresDocument, {
      ...ref(c),
      interviewScore: 81.5,
      version: 2,
    });
    expect(second.candidate).toMatchObject({
      writtenExamScore: 88.25,
      interviewScore: 81.5,
      version: 3,
    });
    expect(await auditActions('Candidate', c.id)).toEqual([
      'candidate.recordScores',
      'candidate.recordScores',
    ]);
  });

  it.each([
    ['a written exam score is 101', { writtenExamScore: 101 }],
    ['an interview score is -1', { interviewScore: -1 }],
    ['a score has three decimals', { writtenExamScore: 88.125 }],
    ['neither score is sent', {}],
  ])('answers BAD_USER_INPUT and writes nothing when %s', async (_case, values) => {
    const c = await candidate({ status: CandidateStatus.NOMINATED });
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(RecordCandidateScoresDocument, { ...ref(c), ...values }),
    );
  });

  it.each([[CandidateStatus.SELECTED], [CandidateStatus.REJECTED]])(
    'refuses INVALID_TRANSITION when the candidate is %s',
    async (status) => {
      const c = await candidate({ status });
      await expectRefused(env, 'INVALID_TRANSITION', () =>
        onCandidate(RecordCandidateScoresDocument, { ...ref(c), interviewScore: 70 }),
      );
    },
  );

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const c = await candidate({}, await round({ status: SelectionRoundStatus.CLOSED }));
    await expectRefused(env, 'ROUND_CLOSED', () =>
      onCandidate(RecordCandidateScoresDocument, { ...ref(c), interviewScore: 70 }),
    );
  });

  it('refuses STALE_VERSION when the version sent is not the current one', async () => {
    const c = await candidate({ version: 4 });
    await expectRefused(env, 'STALE_VERSION', () =>
      onCandidate(RecordCandidateScoresDocument, { ...ref(c), interviewScore: 70, version: 3 }),
    );
  });

  it('answers NOT_FOUND when the candidate does not exist', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(RecordCandidateScoresDocument, {
        candidateId: gid('Candidate', 999999),
        interviewScore: 70,
      }),
    );
  });
});

describe('recordInspection', () => {
  it('records the result and notes when the candidate is NOMINATED', async () => {
    const c = await candidate({
      status: CandidateStatus.NOMINATED,
      inspectionResult: null,
      inspectionNotes: null,
    });
    const payload = await onCandidate(RecordInspectionDocument, {
      ...ref(c),
      result: 'FAIL',
      notes: ' 群众评价一般 ',
    });
    expect(payload.candidate).toMatchObject({
      inspectionResult: 'FAIL',
      inspectionNotes: '群众评价一般',
      status: 'NOMINATED',
    });
    expect(await auditActions('Candidate', c.id)).toEqual(['candidate.recordInspection']);
  });

  it('answers BAD_USER_INPUT when the notes are blank', async () => {
    const c = await candidate();
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(RecordInspectionDocument, { ...ref(c), result: 'PASS', notes: ' ' }),
    );
  });

  it('refuses INVALID_TRANSITION when the candidate is REJECTED', async () => {
    const c = await candidate({ status: CandidateStatus.REJECTED });
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      onCandidate(RecordInspectionDocument, { ...ref(c), result: 'PASS', notes: '合格' }),
    );
  });

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const c = await candidate({}, await round({ status: SelectionRoundStatus.CLOSED }));
    await expectRefused(env, 'ROUND_CLOSED', () =>
      onCandidate(RecordInspectionDocument, { ...ref(c), result: 'PASS', notes: '合格' }),
    );
  });
});

describe('shortlistCandidate', () => {
  it('moves a NOMINATED candidate to SHORTLISTED when asked', async () => {
    const c = await candidate({ status: CandidateStatus.NOMINATED });
    const payload = await onCandidate(ShortlistCandidateDocument, ref(c));
    expect(payload.candidate).toMatchObject({ status: 'SHORTLISTED', version: 2 });
    expect(await auditActions('Candidate', c.id)).toEqual(['candidate.shortlist']);
  });

  it('refuses INVALID_TRANSITION when the candidate is already SHORTLISTED', async () => {
    const c = await candidate();
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      onCandidate(ShortlistCandidateDocument, ref(c)),
    );
  });

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const c = await candidate(
      { status: CandidateStatus.NOMINATED },
      await round({ status: SelectionRoundStatus.CLOSED }),
    );
    await expectRefused(env, 'ROUND_CLOSED', () => onCandidate(ShortlistCandidateDocument, ref(c)));
  });
});

describe('selectCandidate', () => {
  it('selects a SHORTLISTED candidate with scores and a passed inspection when places are left', async () => {
    const r = await round({ quota: 2 });
    const c = await candidate({}, r);
    const payload = await onCandidate(SelectCandidateDocument, ref(c));
    expect(payload.userErrors).toEqual([]);
    expect(payload.candidate).toMatchObject({ status: 'SELECTED', version: 2 });
    expect(await auditActions('Candidate', c.id)).toEqual(['candidate.select']);
    const res = await env.graphql(
      SelectionRoundCountsDocument,
      { id: gid('SelectionRound', r.id) },
      admin,
    );
    expect(res.data?.node).toEqual({ selectedCount: 1, remainingQuota: 1 });
  });

  it('refuses INVALID_TRANSITION when the candidate is only NOMINATED', async () => {
    const c = await candidate({ status: CandidateStatus.NOMINATED });
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      onCandidate(SelectCandidateDocument, ref(c)),
    );
  });

  it('refuses SCORES_MISSING when the interview score is missing', async () => {
    const c = await candidate({ interviewScore: null });
    await expectRefused(env, 'SCORES_MISSING', () => onCandidate(SelectCandidateDocument, ref(c)));
  });

  it('refuses INSPECTION_NOT_PASSED when the inspection failed', async () => {
    const c = await candidate({ inspectionResult: InspectionResult.FAIL });
    await expectRefused(env, 'INSPECTION_NOT_PASSED', () =>
      onCandidate(SelectCandidateDocument, ref(c)),
    );
  });

  it('refuses INSPECTION_NOT_PASSED when no inspection is recorded', async () => {
    const c = await candidate({ inspectionResult: null, inspectionNotes: null });
    await expectRefused(env, 'INSPECTION_NOT_PASSED', () =>
      onCandidate(SelectCandidateDocument, ref(c)),
    );
  });

  it('refuses QUOTA_EXCEEDED when the round has already selected its quota', async () => {
    const r = await round({ quota: 1 });
    await candidate({ status: CandidateStatus.SELECTED }, r);
    const c = await candidate({}, r);
    await expectRefused(env, 'QUOTA_EXCEEDED', () => onCandidate(SelectCandidateDocument, ref(c)));
  });

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const c = await candidate({}, await round({ status: SelectionRoundStatus.CLOSED }));
    await expectRefused(env, 'ROUND_CLOSED', () => onCandidate(SelectCandidateDocument, ref(c)));
  });

  it('selects exactly one when two admins take the last place at the same moment', async () => {
    // Several rounds, so that the two requests really overlap at least once.
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await round({ quota: 1 });
      const [a, b] = [await candidate({}, r), await candidate({}, r)];
      const results = await Promise.all([
        onCandidate(SelectCandidateDocument, ref(a)),
        onCandidate(SelectCandidateDocument, ref(b)),
      ]);
      const codes = results.map((p) => p.userErrors.map((e) => e.code).join()).sort();
      expect(codes).toEqual(['', 'QUOTA_EXCEEDED']);
      const [{ n }] = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM candidate WHERE round_id = $1 AND status = 'SELECTED'`,
        [r.id],
      );
      expect(n).toBe(1);
    }
  });
});

describe('rejectCandidate', () => {
  it.each([[CandidateStatus.NOMINATED], [CandidateStatus.SHORTLISTED]])(
    'rejects a %s candidate and keeps the reason in the audit trail',
    async (status) => {
      const c = await candidate({ status });
      const payload = await onCandidate(RejectCandidateDocument, {
        ...ref(c),
        reason: '笔试成绩靠后',
      });
      expect(payload.candidate?.status).toBe('REJECTED');
      const [entry] = await env.dataSource.query(
        `SELECT action, reason FROM audit_entry WHERE entity = 'Candidate' AND entity_id = $1`,
        [c.id],
      );
      expect(entry).toEqual({ action: 'candidate.reject', reason: '笔试成绩靠后' });
    },
  );

  it('refuses INVALID_TRANSITION when the candidate is already SELECTED', async () => {
    const c = await candidate({ status: CandidateStatus.SELECTED });
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      onCandidate(RejectCandidateDocument, { ...ref(c), reason: '改变主意' }),
    );
  });

  it('answers BAD_USER_INPUT when the reason is blank', async () => {
    const c = await candidate();
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(RejectCandidateDocument, { ...ref(c), reason: '  ' }),
    );
  });

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const c = await candidate({}, await round({ status: SelectionRoundStatus.CLOSED }));
    await expectRefused(env, 'ROUND_CLOSED', () =>
      onCandidate(RejectCandidateDocument, { ...ref(c), reason: '名额已满' }),
    );
  });
});

describe('recordTrainingCompleted', () => {
  it('records now when no time is sent and the candidate is SELECTED', async () => {
    const c = await candidate({ status: CandidateStatus.SELECTED });
    const before = Date.now();
    const payload = await onCandidate(RecordTrainingCompletedDocument, ref(c));
    const at = Date.parse(payload.candidate!.trainingCompletedAt!);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await auditActions('Candidate', c.id)).toEqual(['candidate.recordTraining']);
  });

  it('records the time sent when it lies between nomination and now', async () => {
    const c = await candidate({
      status: CandidateStatus.SELECTED,
      createdAt: new Date('2026-01-10T00:00:00Z'),
    });
    const payload = await onCandidate(RecordTrainingCompletedDocument, {
      ...ref(c),
      completedAt: '2026-02-01T08:00:00.000Z',
    });
    expect(payload.candidate?.trainingCompletedAt).toBe('2026-02-01T08:00:00.000Z');
  });

  it('refuses INVALID_TRANSITION when the candidate is only SHORTLISTED', async () => {
    const c = await candidate();
    await expectRefused(env, 'INVALID_TRANSITION', () =>
      onCandidate(RecordTrainingCompletedDocument, ref(c)),
    );
  });

  it.each([
    ['the time is in the future', () => new Date(Date.now() + 86_400_000).toISOString()],
    ['the time precedes the nomination', () => '2020-01-01T00:00:00.000Z'],
  ])('refuses INVALID_DATES when %s', async (_case, completedAt) => {
    const c = await candidate({ status: CandidateStatus.SELECTED });
    await expectRefused(env, 'INVALID_DATES', () =>
      onCandidate(RecordTrainingCompletedDocument, { ...ref(c), completedAt: completedAt() }),
    );
  });

  it('records training when the round has already closed', async () => {
    const c = await candidate(
      { status: CandidateStatus.SELECTED },
      await round({ status: SelectionRoundStatus.CLOSED }),
    );
    const payload = await onCandidate(RecordTrainingCompletedDocument, ref(c));
    expect(payload.userErrors).toEqual([]);
  });
});

describe('from nomination to posting', () => {
  const createPosting = (cadreId: number, candidateId: string) =>
    mutate(
      env,
      CreatePostingStatusAndTypeDocument,
      {
        cadreId: gid('Cadre', cadreId),
        receivingUnitId: gid('Unit', world.units.unitB.id),
        type: 'HIGHER_ASSISTANT',
        positionTitle: '镇长助理',
        positionRank: 'DIVISION_DEPUTY',
        responsibilities: ['协助镇长分管经济发展'],
        trainingPlan: '提升统筹协调能力',
        startDate: addDays(today(), 10),
        plannedEndDate: addDays(today(), 375),
        candidateId,
      },
      admin,
    );

  it('posts a cadre when they were nominated, scored, inspected, shortlisted, selected and trained', async () => {
    const opened = await onRound(OpenSelectionRoundDocument, {
      name: '2026年第二批高挂',
      postingType: 'HIGHER_ASSISTANT',
      year: 2026,
      quota: 1,
    });
    const c = await freshCadre();
    const nominated = await onCandidate(
      NominateCandidateDocument,
      { roundId: opened.selectionRound!.id, cadreId: gid('Cadre', c.id) },
      world.tokens.managerA,
    );
    const candidateId = nominated.candidate!.id;
    const steps: (() => Promise<Payload>)[] = [
      () =>
        onCandidate(RecordCandidateScoresDocument, {
          candidateId,
          writtenExamScore: 92,
          interviewScore: 88.5,
        }),
      () =>
        onCandidate(RecordInspectionDocument, {
          candidateId,
          result: 'PASS',
          notes: '德才兼备，群众认可',
        }),
      () => onCandidate(ShortlistCandidateDocument, { candidateId }),
      () => onCandidate(SelectCandidateDocument, { candidateId }),
      () => onCandidate(RecordTrainingCompletedDocument, { candidateId }),
    ];
    for (const step of steps) {
      const payload = await step();
      expect(payload.userErrors).toEqual([]);
    }
    const posted = await createPosting(c.id, candidateId);
    expect(posted.userErrors).toEqual([]);
    expect(posted.posting).toEqual({ status: 'PLANNED', type: 'HIGHER_ASSISTANT' });
    expect(await auditActions('Candidate', rowId(candidateId))).toEqual([
      'candidate.nominate',
      'candidate.recordScores',
      'candidate.recordInspection',
      'candidate.shortlist',
      'candidate.select',
      'candidate.recordTraining',
    ]);
  });

  it('refuses CANDIDATE_NOT_READY when the selected candidate has not finished training', async () => {
    const c = await candidate({ status: CandidateStatus.SELECTED });
    await expectRefused(env, 'CANDIDATE_NOT_READY', () =>
      createPosting(c.cadreId, gid('Candidate', c.id)),
    );
  });
});
