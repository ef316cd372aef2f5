import {
  EvaluationCommentsDocument,
  NodeIdDocument,
  PostingEvaluationCommentsDocument,
  PostingWithRecordsDocument,
} from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';
import { buildWorld, gid, insert, posting, type World } from './support/world';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import {
  EvaluationKind,
  EvaluationStatus,
  Grade,
} from '../server/modules/evaluation/evaluation-enums';
import { PostingStatus, PostingType } from '../server/modules/posting/posting-type';
import { FeedbackReport } from '../server/modules/report/feedback-report.entity';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  // Written after the completed posting ended: the receiving unit must not see it.
  await insert(env.dataSource, FeedbackReport, {
    postingId: world.postings.completed.id,
    period: '2026-Q1',
    daysOnSite: 0,
    createdAt: new Date('2026-04-01T00:00:00Z'),
  });
});
afterAll(() => env.close());

describe('receiving unit after the posting ends', () => {
  it('keeps the posting and what was written while it was active, but loses the cadre', async () => {
    const res = await env.graphql(
      PostingWithRecordsDocument,
      { id: gid('Posting', world.postings.completed.id) },
      world.tokens.managerB,
    );
    expect(res.data?.node).toEqual({
      status: 'COMPLETED',
      cadre: null,
      feedbackReports: { nodes: [{ period: '2025-Q2' }] },
      evaluations: { nodes: [{ kind: 'FINAL', grade: 'EXCELLENT' }] },
    });
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['node.cadre', 'FORBIDDEN'],
    ]);
  });

  it('no longer sees the cadre’s later career events', async () => {
    const res = await env.graphql(
      NodeIdDocument,
      { id: gid('CareerEvent', world.careerEvents.promotion.id) },
      world.tokens.managerB,
    );
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('leaves the sending unit every record of the posting', async () => {
    const res = await env.graphql(
      PostingWithRecordsDocument,
      { id: gid('Posting', world.postings.completed.id) },
      world.tokens.managerA,
    );
    expect(res.errors).toBeUndefined();
    expect(
      withField(res.data?.node, 'feedbackReports').feedbackReports.nodes.map((n) => n.period),
    ).toEqual(['2025-Q2', '2026-Q1']);
  });
});

describe('evaluations', () => {
  const list = (token: string) => env.graphql(EvaluationCommentsDocument, {}, token);

  it('shows a cadre only their own FINALIZED evaluations, with comments', async () => {
    const res = await list(world.tokens.cadre);
    expect(res.errors).toBeUndefined();
    expect(res.data?.evaluations.nodes).toEqual([{ status: 'FINALIZED', comments: '工作认真' }]);
  });

  it('hides comments from analysts with FORBIDDEN at each path', async () => {
    const res = await list(world.tokens.analyst);
    expect(res.data?.evaluations.nodes).toHaveLength(3);
    expect(res.data?.evaluations.nodes.every((n) => n.comments === null)).toBe(true);
    expect(new Set(res.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    expect(res.errors).toHaveLength(3);
  });

  it('lets a mentor read current mentees’ evaluations without comments', async () => {
    const res = await list(world.tokens.mentor);
    expect(res.data?.evaluations.nodes.map((n) => n.status).sort()).toEqual(['DRAFT', 'FINALIZED']);
    expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});

describe('a mentor’s own evaluations', () => {
  it('shows a mentor the comments of their own finalized evaluation as the posted cadre', async () => {
    const own = await posting(env.dataSource, {
      cadreId: world.cadres.leaderB.id,
      sendingUnitId: world.units.unitB.id,
      receivingUnitId: world.units.city.id,
      type: PostingType.UPWARD,
      status: PostingStatus.COMPLETED,
      startDate: '2024-01-01',
      plannedEndDate: '2024-12-31',
      actualEndDate: '2024-12-31',
    });
    await insert(env.dataSource, Evaluation, {
      postingId: own.id,
      kind: EvaluationKind.FINAL,
      date: '2024-12-20',
      grade: Grade.COMPETENT,
      comments: '自己的评语',
      status: EvaluationStatus.FINALIZED,
      finalizedAt: new Date('2024-12-25T00:00:00Z'),
    });
    const res = await env.graphql(
      PostingEvaluationCommentsDocument,
      { postingIds: [gid('Posting', own.id)] },
      world.tokens.mentor,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.evaluations.nodes).toEqual([{ comments: '自己的评语' }]);
  });
});

describe('the day a posting ends', () => {
  it('counts a record written at 04:00 China time the next day as written after the end', async () => {
    // 2025-12-31T20:00Z is 2026-01-01 04:00 in China: after the completed posting's last day.
    const late = await insert(env.dataSource, FeedbackReport, {
      postingId: world.postings.completed.id,
      period: '2025-12',
      daysOnSite: 20,
      createdAt: new Date('2025-12-31T20:00:00Z'),
    });
    const res = await env.graphql(
      NodeIdDocument,
      { id: gid('FeedbackReport', late.id) },
      world.tokens.managerB,
    );
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
