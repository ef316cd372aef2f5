import {
  PostingRelationsDocument,
  PostingsPageDocument,
  type PostingsPageQuery,
  type PostingsPageQueryVariables,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, cadre, gid, posting, type World } from './support/world';
import { PostingStatus } from '../server/modules/posting/posting-type';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  // 30 more completed postings received by unit C, to page through.
  for (let i = 0; i < 30; i++) {
    const c = await cadre(env.dataSource, { name: `干部${i}`, homeUnitId: world.units.unitA.id });
    const day = String((i % 28) + 1).padStart(2, '0');
    await posting(env.dataSource, {
      cadreId: c.id,
      sendingUnitId: world.units.unitA.id,
      receivingUnitId: world.units.unitC.id,
      startDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-${day}`,
      plannedEndDate: '2025-06-30',
      actualEndDate: '2025-06-30',
      status: PostingStatus.COMPLETED,
    });
  }
});
afterAll(() => env.close());

type Conn = PostingsPageQuery['postings'];

async function page(vars: PostingsPageQueryVariables, token = world.tokens.admin): Promise<Conn> {
  const res = await env.graphql(PostingsPageDocument, vars, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.postings;
}

describe('postings connection', () => {
  it('walks forward and backward through every posting exactly once when paging by cursor', async () => {
    const all = await page({ first: 100 });
    expect(all.totalCount).toBe(34);
    const ids = all.edges.map((e) => e.node.id);

    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p: Conn = await page({ first: 7, after });
      forward.push(...p.edges.map((e) => e.node.id));
      expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(forward).toEqual(ids);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const p: Conn = await page({ last: 6, before });
      backward.unshift(...p.edges.map((e) => e.node.id));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(backward).toEqual(ids);
  });

  it('sorts by start date, descending, with ties broken by id when orderBy is given', async () => {
    const p = await page({ first: 100, orderBy: { field: 'START_DATE', direction: 'DESC' } });
    const dates = p.edges.map((e) => e.node.startDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('filters by status, type and receiving unit when a filter is given', async () => {
    const active = await page({ first: 100, filter: { status: ['ACTIVE'] } });
    expect(active.totalCount).toBe(3);
    const received = await page({
      first: 100,
      filter: { receivingUnitIds: [gid('Unit', world.units.unitC.id)], status: ['COMPLETED'] },
    });
    expect(received.totalCount).toBe(30);
    const upward = await page({ first: 100, filter: { type: ['UPWARD'] } });
    expect(upward.edges.map((e) => e.node.id).sort()).toEqual(
      [
        gid('Posting', world.postings.inbound.id),
        gid('Posting', world.postings.elsewhere.id),
      ].sort(),
    );
  });

  it('rejects a page size above 100 with BAD_USER_INPUT', async () => {
    const res = await env.graphql(PostingsPageDocument, { first: 101 }, world.tokens.admin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a forged cursor with BAD_USER_INPUT', async () => {
    const res = await env.graphql(
      PostingsPageDocument,
      { first: 5, after: 'not-a-cursor' },
      world.tokens.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toBe('after is not a valid cursor');
  });

  it('rejects a filter ID of the wrong type with BAD_USER_INPUT', async () => {
    const res = await env.graphql(
      PostingsPageDocument,
      { first: 5, filter: { receivingUnitIds: [gid('Cadre', 1)] } },
      world.tokens.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('returns the relations of a posting when they are asked for', async () => {
    const res = await env.graphql(
      PostingRelationsDocument,
      { id: gid('Posting', world.postings.active.id) },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toEqual({
      type: 'DOWNWARD',
      status: 'ACTIVE',
      cadre: { name: '李明' },
      sendingUnit: { name: '市发展和改革委员会' },
      receivingUnit: { name: '青山镇人民政府' },
      mentorship: {
        isActive: true,
        mentor: { name: '陈志强' },
        sessions: { totalCount: 1, nodes: [{ topic: '思想交流' }] },
      },
      mentorships: { totalCount: 1 },
      evaluations: { totalCount: 2 },
      feedbackReports: { nodes: [{ period: '2026-Q2', daysOnSite: 58 }] },
    });
  });
});

describe('postings visible to each role', () => {
  const ids = async (token: string) =>
    (await page({ first: 100 }, token)).edges.map((e) => e.node.id).sort();

  it('gives a unit manager the postings their unit sent or received', async () => {
    const mine = await ids(world.tokens.managerB);
    expect(mine).toEqual(
      [world.postings.active.id, world.postings.completed.id, world.postings.inbound.id]
        .map((id) => gid('Posting', id))
        .sort(),
    );
  });

  it('gives a mentor only current mentees’ postings', async () => {
    expect(await ids(world.tokens.mentor)).toEqual([gid('Posting', world.postings.active.id)]);
  });

  it('gives a cadre only their own postings', async () => {
    expect(await ids(world.tokens.cadre)).toEqual([gid('Posting', world.postings.active.id)]);
  });

  it('counts only what the viewer may see in totalCount', async () => {
    expect((await page({ first: 1 }, world.tokens.managerB)).totalCount).toBe(3);
    expect((await page({ first: 1 }, world.tokens.analyst)).totalCount).toBe(34);
  });
});
