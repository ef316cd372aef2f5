import { Candidate, CandidateStatus } from '../server/modules/selection/candidate.entity';
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
import { SelectedCountsDocument } from './generated/graphql';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './support/env';
import { expectDenied, expectRefused } from './support/mutations';
import { ref, rowId, selectionSteps } from './support/selection';
import { buildWorld, gid, insert, type World } from './support/world';

/** Selection rounds (选派批次): opening, closing, nominating into them, their counts, who may change them. */
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
