import type { ObjectLiteral } from 'typeorm';
import { createLoaders, type ListQuery, type Loaders } from '../server/common/loaders';
import {
  encodeCursor,
  OrderDirection,
  type Page,
  type PageArgs,
} from '../server/common/pagination';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import { REGISTRY } from '../server/modules';
import { EvaluationKind } from '../server/modules/evaluation/evaluation-enums';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { Debrief } from '../server/modules/debrief/debrief.entity';
import type { Posting } from '../server/modules/posting/posting.entity';
import { PostingEvaluationsAfterDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, insert, type World } from './support/world';

/**
 * A page and its rows come from one statement per list level: these check that the entities are
 * the ones the by-id loaders return and that keyset paging under many parents is unchanged.
 */

let env: TestEnv;
let world: World;
/** Evaluation ids and dates of the three postings below, in (date, id) order. */
let evaluations: Map<number, { id: number; date: string }[]>;
let parents: number[];
type NodeTypeName = ListQuery<ObjectLiteral>['type'];

const admin: Viewer = {
  userId: 1,
  apiKeyId: null,
  username: 'admin',
  role: Role.ORG_ADMIN,
  unitId: null,
  cadreId: null,
};

/** A request's loaders, built the way the context builds them. */
function loadersFor(viewer: Viewer): Loaders {
  return createLoaders(env.dataSource, { viewer }, REGISTRY.nodes);
}

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  const { active, inbound, elsewhere } = world.postings;
  parents = [active.id, inbound.id, elsewhere.id];
  // Ties on the date, so the id decides the order within a day.
  const dates: Record<number, string[]> = {
    [inbound.id]: ['2026-04-30', '2026-04-30', '2026-03-31', '2026-05-31', '2026-04-30'],
    [elsewhere.id]: ['2026-06-30', '2026-06-30', '2026-06-30'],
  };
  for (const [postingId, days] of Object.entries(dates)) {
    for (const date of days) {
      await insert(env.dataSource, Evaluation, {
        postingId: Number(postingId),
        kind: EvaluationKind.ROUTINE,
        date,
        initiativeScore: 70,
      });
    }
  }
  const rows: { id: number; posting_id: number; date: string }[] = await env.dataSource.query(
    'SELECT id, posting_id, date FROM evaluation ORDER BY date, id',
  );
  evaluations = new Map(parents.map((p) => [p, []]));
  for (const r of rows) evaluations.get(r.posting_id)?.push({ id: r.id, date: r.date });
});
afterAll(() => env.close());

function evaluationList(args: PageArgs, direction = OrderDirection.ASC): ListQuery<Evaluation> {
  return {
    type: 'Evaluation',
    order: { column: 'evaluation.date', direction },
    args,
    parentColumn: 'evaluation.posting_id',
    key: JSON.stringify(['test', args, direction]),
  };
}

type Row = { id: number; date: string };

/** What the page must hold: the list sorted in memory, cut at the cursor's (date, id), limited. */
function expected(parent: number, args: PageArgs, direction: OrderDirection, cursor: Row | null) {
  const sign = direction === OrderDirection.ASC ? 1 : -1;
  const compare = (a: Row, b: Row) =>
    sign * (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id);
  const all = [...evaluations.get(parent)!].sort(compare);
  const backward = args.last != null || args.before != null;
  const n = (backward ? args.last : args.first) ?? 20;
  const rest = all.filter(
    (e) => !cursor || (backward ? compare(e, cursor) < 0 : compare(e, cursor) > 0),
  );
  const kept = backward ? rest.slice(Math.max(0, rest.length - n)) : rest.slice(0, n);
  const more = rest.length > n;
  return {
    ids: kept.map((e) => e.id),
    hasNextPage: backward ? cursor !== null : more,
    hasPreviousPage: backward ? more : cursor !== null,
  };
}

describe('pages loaded in one statement per level', () => {
  it('returns the same entities, of the same class and values, as the by-id loaders when pages are loaded', async () => {
    const lists: [NodeTypeName, string, string | null, number[]][] = [
      ['Posting', 'posting.start_date', null, [0]],
      ['Evaluation', 'evaluation.date', 'evaluation.posting_id', parents],
      ['Mentorship', 'mentorship.start_date', 'mentorship.posting_id', parents],
      [
        'MentorSession',
        'mentor_session.date',
        'mentor_session.mentorship_id',
        [world.mentorships.mentorship.id],
      ],
      [
        'FeedbackReport',
        'feedback_report.created_at',
        'feedback_report.posting_id',
        [world.postings.active.id, world.postings.completed.id],
      ],
      ['CareerEvent', 'career_event.date', 'career_event.cadre_id', [world.cadres.cadreA2.id]],
      ['Cadre', 'cadre.name', 'cadre.home_unit_id', Object.values(world.units).map((u) => u.id)],
    ];
    for (const [type, column, parentColumn, ids] of lists) {
      const loaders = loadersFor(admin);
      const list: ListQuery<ObjectLiteral> = {
        type,
        order: { column, direction: OrderDirection.ASC },
        args: { first: 100 },
        parentColumn,
        key: type,
      };
      const pages = await Promise.all(
        ids.map((id) => loaders.page(list, parentColumn ? id : null)),
      );
      const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
      expect(nodes.length).toBeGreaterThan(0);
      const byId = loadersFor(admin)[type] as Loaders[NodeTypeName];
      const fresh = await byId.loadMany(nodes.map((n) => n.id as number));
      for (const [i, node] of nodes.entries()) {
        expect(Object.getPrototypeOf(node)).toBe(Object.getPrototypeOf(fresh[i]));
        expect(node).toStrictEqual(fresh[i]);
      }
    }
  });

  it('keeps calendar dates as YYYY-MM-DD strings and cursors as before when entities come with their page', async () => {
    const loaders = loadersFor(admin);
    const page = await loaders.page(evaluationList({ first: 2 }), world.postings.inbound.id);
    for (const edge of page.edges) {
      expect(edge.node.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(edge.cursor).toBe(encodeCursor(edge.node.date, edge.node.id));
    }
  });

  it('pages every parent of a batch by keyset in one statement when first, after, last or before is given', async () => {
    const { inbound } = world.postings;
    const at = (index: number) => evaluations.get(inbound.id)![index];
    const cursor = (row: Row) => encodeCursor(row.date, row.id);
    const cases: [PageArgs, OrderDirection, Row | null][] = [
      [{ first: 2 }, OrderDirection.ASC, null],
      [{ first: 2 }, OrderDirection.DESC, null],
      [{ first: 10 }, OrderDirection.ASC, null],
      [{ first: 2, after: cursor(at(1)) }, OrderDirection.ASC, at(1)],
      [{ first: 2, after: cursor(at(3)) }, OrderDirection.DESC, at(3)],
      [{ last: 2 }, OrderDirection.ASC, null],
      [{ last: 3 }, OrderDirection.DESC, null],
      [{ last: 2, before: cursor(at(3)) }, OrderDirection.ASC, at(3)],
      [{ before: cursor(at(4)) }, OrderDirection.ASC, at(4)],
    ];
    for (const [args, direction, cursorRow] of cases) {
      const loaders = loadersFor(admin);
      env.statements.reset();
      const pages: Page<Evaluation>[] = await Promise.all(
        parents.map((p) => loaders.page(evaluationList(args, direction), p)),
      );
      expect(env.statements.count).toBe(1);
      pages.forEach((page, i) => {
        // A cursor from one parent's list pages the others by its (date, id) too, as before.
        const want = expected(parents[i], args, direction, cursorRow);
        const context = JSON.stringify({ args, direction, parent: parents[i] });
        expect([context, page.edges.map((e) => e.node.id)]).toEqual([context, want.ids]);
        expect([context, page.pageInfo.hasNextPage, page.pageInfo.hasPreviousPage]).toEqual([
          context,
          want.hasNextPage,
          want.hasPreviousPage,
        ]);
        expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      });
    }
  });

  it('lists a row under every parent it belongs to when parents share it through a join table', async () => {
    const { active, completed, inbound } = world.postings;
    const ds = env.dataSource;
    const [first, second] = [
      await insert(ds, Debrief, { title: '座谈会一', date: '2026-01-10' }),
      await insert(ds, Debrief, { title: '座谈会二', date: '2026-01-20' }),
    ];
    await ds.query(
      'INSERT INTO debrief_posting (debrief_id, posting_id) VALUES ($1, $2), ($1, $3), ($4, $2), ($4, $5)',
      [first.id, completed.id, active.id, second.id, inbound.id],
    );
    const loaders = loadersFor(admin);
    const list: ListQuery<Posting> = {
      type: 'Posting',
      where: (qb, a) => qb.innerJoin('debrief_posting', 'dp', `dp.posting_id = ${a}.id`),
      order: { column: 'posting.start_date', direction: OrderDirection.ASC },
      args: { first: 10 },
      parentColumn: 'dp.debrief_id',
      key: 'debrief postings',
    };
    env.statements.reset();
    const [ofFirst, ofSecond] = await Promise.all([
      loaders.page(list, first.id),
      loaders.page(list, second.id),
    ]);
    expect(env.statements.count).toBe(1);
    // completed starts 2025-01-01, the others 2026-03-01 (then by id).
    expect(ofFirst.edges.map((e) => e.node.id)).toEqual([completed.id, active.id]);
    expect(ofSecond.edges.map((e) => e.node.id)).toEqual([completed.id, inbound.id]);
    expect(ofFirst.edges[0].node).toStrictEqual(ofSecond.edges[0].node);
  });

  it('pages a list sorted by its id, alone or under parents, when the sort column is the id', async () => {
    const { inbound } = world.postings;
    const ids = evaluations
      .get(inbound.id)!
      .map((e) => e.id)
      .sort((a, b) => b - a);
    const all: { id: number }[] = await env.dataSource.query(
      'SELECT id FROM evaluation ORDER BY id DESC LIMIT 2',
    );
    for (const parentColumn of [null, 'evaluation.posting_id']) {
      const list: ListQuery<Evaluation> = {
        type: 'Evaluation',
        order: { column: 'evaluation.id', direction: OrderDirection.DESC },
        args: { first: 2 },
        parentColumn,
        key: JSON.stringify(['by id', parentColumn]),
      };
      const page = await loadersFor(admin).page(list, parentColumn ? inbound.id : null);
      const want = parentColumn ? ids.slice(0, 2) : all.map((r) => r.id);
      expect(page.edges.map((e) => e.node.id)).toEqual(want);
      expect(page.edges.map((e) => e.cursor)).toEqual(
        page.edges.map((e) => encodeCursor(e.node.id, e.node.id)),
      );
    }
  });

  it('sends no statement for a page of size 0', async () => {
    const loaders = loadersFor(admin);
    env.statements.reset();
    const page = await loaders.page(evaluationList({ first: 0 }), world.postings.inbound.id);
    expect(page.edges).toEqual([]);
    expect(env.statements.count).toBe(0);
  });

  it('answers BAD_USER_INPUT when a nested list gets a cursor whose sort value does not fit the column', async () => {
    const res = await env.graphql(
      PostingEvaluationsAfterDocument,
      { after: encodeCursor('not a date', 1) },
      world.tokens.admin,
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toBe('after is not a valid cursor');
  });

  it('validates nested list arguments on every row, though a value once valid is not re-checked', async () => {
    const nested = (first: number) =>
      env.graphql(
        `{ postings(first: 10) { nodes { evaluations(first: ${first}) { totalCount } } } }` as never,
        {},
        world.tokens.admin,
      );
    for (const first of [3, 101, 3, 101]) {
      const res = await nested(first);
      if (first === 3) expect(res.errors).toBeUndefined();
      else {
        // class-validator's own refusal (the argument class's @Max), on the nested field.
        expect(res.errors?.[0].message).toBe('Invalid input: first must not be greater than 100');
        expect(res.errors?.[0].path?.slice(-1)).toEqual(['evaluations']);
      }
    }
  });
});
