import { addDays, today } from '../server/common/dates';
import { fromGlobalId } from '../server/common/global-id';
import { PostingType } from '../server/modules/posting/posting-type';
import {
  Candidate,
  CandidateStatus,
  InspectionResult,
} from '../server/modules/selection/candidate.entity';
import {
  SelectionRound,
  SelectionRoundStatus,
} from '../server/modules/selection/selection-round.entity';
import {
  CloseSelectionRoundDocument,
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
  SelectedCountsDocument,
  SelectionRoundCountsDocument,
} from './generated/graphql';
import {
  createTestEnv,
  type GraphQLResponse,
  type TestEnv,
  type TypedDocument,
} from './support/env';
import { expectDenied, expectRefused, mutate, type Payload } from './support/mutations';
import { buildWorld, cadre, gid, insert, type World } from './support/world';

let env: TestEnv;
let world: World;
let admin: string;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  admin = world.tokens.admin;
});
afterAll(() => env.close());

/** A candidate or round mutation, e.g. `onCandidate(SelectCandidateDocument, { candidateId })`. */
const onCandidate = <TResult extends Record<string, Payload>, TInput>(
  document: TypedDocument<TResult, { input: TInput }>,
  input: TInput,
  token = admin,
) => mutate(env, document, input, token);
const onRound = onCandidate;

/** The same mutation's whole response, for answers that are GraphQL errors rather than payloads. */
const raw = <TResult, TInput>(
  document: TypedDocument<TResult, { input: TInput }>,
  input: TInput,
  token: string | null = admin,
) => env.graphql(document, { input }, token ?? undefined);

const rowId = (globalId: string) => fromGlobalId(globalId)!.id;

let cadreCount = 0;
function freshCadre(homeUnitId = world.units.unitA.id) {
  cadreCount++;
  return cadre(env.dataSource, { name: `候选干部${cadreCount}`, homeUnitId });
}

function round(values: Partial<SelectionRound> = {}): Promise<SelectionRound> {
  return insert<SelectionRound>(env.dataSource, SelectionRound, {
    name: '2026年高挂公开选派',
    postingType: PostingType.HIGHER_ASSISTANT,
    year: 2026,
    quota: 3,
    status: SelectionRoundStatus.OPEN,
    ...values,
  });
}

/** A candidate of a fresh cadre of unit A; by default SHORTLISTED with scores and a PASS. */
async function candidate(
  values: Partial<Candidate> = {},
  roundRow?: SelectionRound,
): Promise<Candidate> {
  const r = roundRow ?? (await round());
  const c = await freshCadre();
  return insert<Candidate>(env.dataSource, Candidate, {
    roundId: r.id,
    cadreId: c.id,
    nominatingUnitId: world.units.unitA.id,
    status: CandidateStatus.SHORTLISTED,
    writtenExamScore: 86.5,
    interviewScore: 90,
    inspectionResult: InspectionResult.PASS,
    inspectionNotes: '考察合格',
    ...values,
  });
}

const ref = (c: Candidate) => ({ candidateId: gid('Candidate', c.id) });

async function auditActions(entity: string, id: number): Promise<string[]> {
  const rows: { action: string }[] = await env.dataSource.query(
    'SELECT action FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id',
    [entity, id],
  );
  return rows.map((r) => r.action);
}

describe('openSelectionRound', () => {
  it('opens an OPEN round with its whole quota left when an admin opens one', async () => {
    const payload = await onRound(OpenSelectionRoundDocument, {
      name: ' 2027年高挂公开选派 ',
      postingType: 'HIGHER_ASSISTANT',
      year: 2027,
      quota: 2,
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.selectionRound).toMatchObject({
      status: 'OPEN',
      version: 1,
      quota: 2,
      selectedCount: 0,
      remainingQuota: 2,
    });
    const id = rowId(payload.selectionRound!.id);
    const [row] = await env.dataSource.query('SELECT name FROM selection_round WHERE id = $1', [
      id,
    ]);
    expect(row.name).toBe('2027年高挂公开选派');
    expect(await auditActions('SelectionRound', id)).toEqual(['selectionRound.open']);
  });

  it.each([
    ['the quota is 0', { quota: 0 }],
    ['the year is 1999', { year: 1999 }],
    ['the name is blank', { name: '   ' }],
  ])('answers BAD_USER_INPUT and writes nothing when %s', async (_case, values) => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(OpenSelectionRoundDocument, {
        name: '2027年选派',
        postingType: 'DOWNWARD',
        year: 2027,
        quota: 2,
        ...values,
      }),
    );
  });
});

describe('closeSelectionRound', () => {
  it('closes an OPEN round and bumps its version when the version sent is current', async () => {
    const r = await round();
    const payload = await onRound(CloseSelectionRoundDocument, {
      roundId: gid('SelectionRound', r.id),
      version: 1,
    });
    expect(payload.selectionRound).toMatchObject({ status: 'CLOSED', version: 2 });
    expect(await auditActions('SelectionRound', r.id)).toEqual(['selectionRound.close']);
  });

  it('refuses ROUND_CLOSED when the round is already closed', async () => {
    const r = await round({ status: SelectionRoundStatus.CLOSED });
    await expectRefused(env, 'ROUND_CLOSED', () =>
      onRound(CloseSelectionRoundDocument, { roundId: gid('SelectionRound', r.id) }),
    );
  });

  it('refuses STALE_VERSION when the version sent is not the current one', async () => {
    const r = await round({ version: 3 });
    await expectRefused(env, 'STALE_VERSION', () =>
      onRound(CloseSelectionRoundDocument, { roundId: gid('SelectionRound', r.id), version: 2 }),
    );
  });

  it('answers NOT_FOUND when the round does not exist', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(CloseSelectionRoundDocument, { roundId: gid('SelectionRound', 999999) }),
    );
  });
});

describe('nominateCandidate', () => {
  const nominate = (roundId: number, cadreId: number, token = admin) =>
    onCandidate(
      NominateCandidateDocument,
      { roundId: gid('SelectionRound', roundId), cadreId: gid('Cadre', cadreId) },
      token,
    );

  it('nominates on behalf of the cadre’s home unit when an admin nominates', async () => {
    const r = await round();
    const c = await freshCadre(world.units.unitB.id);
    const payload = await nominate(r.id, c.id);
    expect(payload.userErrors).toEqual([]);
    expect(payload.candidate).toMatchObject({
      status: 'NOMINATED',
      version: 1,
      nominatingUnit: { name: '青山镇人民政府' },
      cadre: { name: c.name },
    });
    expect(await auditActions('Candidate', rowId(payload.candidate!.id))).toEqual([
      'candidate.nominate',
    ]);
  });

  it('nominates on behalf of the manager’s unit when a unit manager nominates their own cadre', async () => {
    const r = await round();
    const c = await freshCadre(world.units.unitA.id);
    const payload = await nominate(r.id, c.id, world.tokens.managerA);
    expect(payload.userErrors).toEqual([]);
    expect(payload.candidate?.nominatingUnit.name).toBe('市发展和改革委员会');
  });

  it('is FORBIDDEN when a unit manager nominates a cadre of another unit they can read', async () => {
    // cadreB1 serves a posting unit A receives: readable by A's manager, but not A's to nominate.
    const r = await round();
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(
        NominateCandidateDocument,
        {
          roundId: gid('SelectionRound', r.id),
          cadreId: gid('Cadre', world.cadres.cadreB1.id),
        },
        world.tokens.managerA,
      ),
    );
  });

  it('answers NOT_FOUND when a unit manager nominates a cadre outside their read scope', async () => {
    const r = await round();
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(
        NominateCandidateDocument,
        {
          roundId: gid('SelectionRound', r.id),
          cadreId: gid('Cadre', world.cadres.cadreC1.id),
        },
        world.tokens.managerA,
      ),
    );
  });

  it('answers NOT_FOUND when the round does not exist', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(NominateCandidateDocument, {
        roundId: gid('SelectionRound', 999999),
        cadreId: gid('Cadre', world.cadres.leaderA.id),
      }),
    );
  });

  it('answers BAD_USER_INPUT when the round ID names another type', async () => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(NominateCandidateDocument, {
        roundId: gid('Cadre', world.cadres.leaderA.id),
        cadreId: gid('Cadre', world.cadres.leaderA.id),
      }),
    );
  });

  it('refuses ROUND_CLOSED when the round is closed', async () => {
    const r = await round({ status: SelectionRoundStatus.CLOSED });
    const c = await freshCadre();
    await expectRefused(env, 'ROUND_CLOSED', () => nominate(r.id, c.id, world.tokens.managerA));
  });

  it('refuses ALREADY_NOMINATED when the cadre is already a candidate of the round', async () => {
    const existing = await candidate({ status: CandidateStatus.NOMINATED });
    const payload = await expectRefused(env, 'ALREADY_NOMINATED', () =>
      nominate(existing.roundId, existing.cadreId),
    );
    expect(payload.userErrors[0].field).toEqual(['cadreId']);
  });

  it('lets exactly one of two simultaneous nominations win when both name the same cadre', async () => {
    const r = await round();
    const c = await freshCadre();
    const results = await Promise.all([
      nominate(r.id, c.id),
      nominate(r.id, c.id, world.tokens.managerA),
    ]);
    const codes = results.map((p) => p.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'ALREADY_NOMINATED']);
    const [{ n }] = await env.dataSource.query(
      'SELECT count(*)::int AS n FROM candidate WHERE round_id = $1 AND cadre_id = $2',
      [r.id, c.id],
    );
    expect(n).toBe(1);
  });
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

describe('who may change selection', () => {
  let r: SelectionRound;
  let c: Candidate;
  beforeAll(async () => {
    r = await round();
    c = await candidate({}, r);
  });

  /** Each mutation with input that would pass, sent with `token` (null: none). */
  const inputs: Record<string, (token: string | null) => Promise<GraphQLResponse<unknown>>> = {
    openSelectionRound: (token) =>
      raw(
        OpenSelectionRoundDocument,
        { name: '选派', postingType: 'DOWNWARD', year: 2027, quota: 1 },
        token,
      ),
    closeSelectionRound: (token) =>
      raw(CloseSelectionRoundDocument, { roundId: gid('SelectionRound', r.id) }, token),
    nominateCandidate: (token) =>
      raw(
        NominateCandidateDocument,
        {
          roundId: gid('SelectionRound', r.id),
          cadreId: gid('Cadre', world.cadres.leaderA.id),
        },
        token,
      ),
    recordCandidateScores: (token) =>
      raw(RecordCandidateScoresDocument, { ...ref(c), interviewScore: 60 }, token),
    recordInspection: (token) =>
      raw(RecordInspectionDocument, { ...ref(c), result: 'FAIL', notes: '不合格' }, token),
    shortlistCandidate: (token) => raw(ShortlistCandidateDocument, ref(c), token),
    selectCandidate: (token) => raw(SelectCandidateDocument, ref(c), token),
    rejectCandidate: (token) =>
      raw(RejectCandidateDocument, { ...ref(c), reason: '不合适' }, token),
    recordTrainingCompleted: (token) => raw(RecordTrainingCompletedDocument, ref(c), token),
  };
  const adminOnly = Object.keys(inputs).filter((m) => m !== 'nominateCandidate');
  const cases: [string, string][] = [
    ...adminOnly.map((m): [string, string] => [m, 'managerA']),
    ...Object.keys(inputs).flatMap((m) =>
      ['mentor', 'cadre', 'analyst'].map((role): [string, string] => [m, role]),
    ),
  ];

  it.each(cases)('answers FORBIDDEN to %s when the caller is %s', async (name, role) => {
    const token = world.tokens[role as keyof World['tokens']];
    await expectDenied(env, 'FORBIDDEN', () => inputs[name](token));
  });

  it.each(Object.keys(inputs))('answers UNAUTHENTICATED to %s without a token', async (name) => {
    await expectDenied(env, 'UNAUTHENTICATED', () => inputs[name](null));
  });
});

describe('selected counts', () => {
  it('counts per round in the same number of statements when more rounds are listed', async () => {
    const one = await round({ year: 2031, quota: 2 });
    await candidate({ status: CandidateStatus.SELECTED }, one);
    for (let i = 0; i < 3; i++) {
      const r = await round({ year: 2032, quota: 3 });
      await candidate({ status: CandidateStatus.SELECTED }, r);
      await candidate({ status: CandidateStatus.SELECTED }, r);
    }
    env.statements.reset();
    const small = await env.graphql(SelectedCountsDocument, { year: [2031] }, admin);
    const smallCount = env.statements.count;
    env.statements.reset();
    const large = await env.graphql(SelectedCountsDocument, { year: [2032] }, admin);
    expect(env.statements.count).toBe(smallCount);
    expect(small.data?.selectionRounds.nodes).toEqual([
      { quota: 2, selectedCount: 1, remainingQuota: 1 },
    ]);
    expect(large.data?.selectionRounds.nodes).toEqual(
      Array(3).fill({ quota: 3, selectedCount: 2, remainingQuota: 1 }),
    );
  });

  it('counts only the candidates a unit manager may read when a manager asks', async () => {
    const r = await round({ year: 2033, quota: 5 });
    await candidate({ status: CandidateStatus.SELECTED }, r);
    const other = await freshCadre(world.units.unitC.id);
    await insert(env.dataSource, Candidate, {
      roundId: r.id,
      cadreId: other.id,
      nominatingUnitId: world.units.unitC.id,
      status: CandidateStatus.SELECTED,
    });
    const asAdmin = await env.graphql(SelectedCountsDocument, { year: [2033] }, admin);
    const asManager = await env.graphql(
      SelectedCountsDocument,
      { year: [2033] },
      world.tokens.managerA,
    );
    expect(asAdmin.data?.selectionRounds.nodes[0].selectedCount).toBe(2);
    expect(asManager.data?.selectionRounds.nodes[0].selectedCount).toBe(1);
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
