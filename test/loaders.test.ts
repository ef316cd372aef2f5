import {
  CadreNestedListsDocument,
  EvaluationPostingsDocument,
  PostingsWithRelationsDocument,
} from './generated/graphql';
import type { AddressInfo } from 'node:net';
import { createTestEnv, postGraphql, type TestEnv } from './support/env';
import { noQueryLimits } from './support/no-query-limits';
import { buildWorld, cadre, insert, posting, type World } from './support/world';
import type { GraphQLObjectType } from 'graphql';
import { Mentorship } from '../server/modules/mentorship/mentorship.entity';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { EvaluationKind } from '../server/modules/evaluation/evaluation-enums';
import { PostingStatus } from '../server/modules/posting/posting-type';
import { createLoaders } from '../server/common/loaders';
import type { NodeTypeName } from '../server/common/module';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import { toGlobalId } from '../server/common/global-id';
import { loadList } from '../server/common/list';
import { openDatabase } from '../server/db/data-source';
import { narrowHydrator } from '../server/db/pool-read';
import { REGISTRY } from '../server/modules';
import { createSchema } from '../server/schema';
import { createApp } from '../server/app';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  // Page sizes up to 50 three lists deep (cost 132 701) test batching, not the cost budget.
  env = await createTestEnv(noQueryLimits);
  world = await buildWorld(env);
  const ds = env.dataSource;
  // 60 postings, each with its own cadre, a mentor and two evaluations.
  for (let i = 0; i < 60; i++) {
    const c = await cadre(ds, { name: `批量干部${i}`, homeUnitId: world.units.unitC.id });
    const p = await posting(ds, {
      cadreId: c.id,
      sendingUnitId: world.units.unitC.id,
      receivingUnitId: i % 2 ? world.units.unitA.id : world.units.unitB.id,
      status: PostingStatus.ACTIVE,
    });
    // A mentor takes at most 3 mentees (held by the database): one leader per posting.
    const mentor = await cadre(ds, {
      name: `批量导师${i}`,
      homeUnitId: p.receivingUnitId,
      isLeadership: true,
    });
    await insert(ds, Mentorship, { postingId: p.id, mentorId: mentor.id, startDate: '2026-03-02' });
    for (const date of ['2026-04-30', '2026-05-31']) {
      await insert(ds, Evaluation, {
        postingId: p.id,
        kind: EvaluationKind.ROUTINE,
        date,
        initiativeScore: 70,
      });
    }
  }
});
afterAll(() => env.close());

async function statementsFor(first: number): Promise<{ count: number; rows: number }> {
  env.statements.reset();
  const res = await env.graphql(PostingsWithRelationsDocument, { first }, world.tokens.admin);
  expect(res.errors).toBeUndefined();
  return { count: env.statements.count, rows: res.data!.postings.nodes.length };
}

describe('DataLoaders', () => {
  it('sends the same number of SQL statements for 5 postings as for 50 when the query shape is the same', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(50);
    expect(large.count).toBe(small.count);
    // One per level of the shape, not per row. The viewer; the postings page (rows included,
    // their cadres, the cadres' home units and the receiving units joined: server/common/joins.ts)
    // and count; the mentorship page (the mentors joined) and the evaluation page; the
    // evaluation counts.
    expect(large.count).toBe(6);
  });

  it('sends one statement per nested list level, rows included, whatever the page size', async () => {
    const nestedLists = async (first: number) => {
      env.statements.reset();
      const res = await env.graphql(CadreNestedListsDocument, { first }, world.tokens.admin);
      expect(res.errors).toBeUndefined();
      return { count: env.statements.count, rows: res.data!.postings.nodes.length };
    };
    const small = await nestedLists(5);
    const large = await nestedLists(50);
    expect([small.rows, large.rows]).toEqual([5, 50]);
    // The viewer; the postings page with their cadres joined; then the career events, the
    // cadres' postings and their evaluations, one page statement each: no by-id statement for
    // any list's rows.
    expect(small.count).toBe(5);
    expect(large.count).toBe(5);
  });

  it('looks up no row by id that a page of the same request already returned', async () => {
    env.statements.reset();
    const res = await env.graphql(EvaluationPostingsDocument, {}, world.tokens.admin);
    expect(res.errors).toBeUndefined();
    // The viewer, the postings page and the evaluations page; every evaluation's posting was
    // primed by the postings page, so no Posting by-id statement.
    expect(env.statements.count).toBe(3);
    expect(
      env.statements.statements.filter((s) => /"posting"\."id" = (ANY\(|\$\d)/.test(s)),
    ).toEqual([]);
  });

  it('returns every nested relation of every posting when batched', async () => {
    const res = await env.graphql(
      PostingsWithRelationsDocument,
      { first: 100 },
      world.tokens.admin,
    );
    const batch = res.data!.postings.nodes.filter((n) => n.cadre?.homeUnit.name === '市第一中学');
    expect(batch).toHaveLength(61); // 60 batch postings + the world's own posting of unit C's cadre
    expect(batch.filter((n) => n.mentorship?.mentor?.name.startsWith('批量导师'))).toHaveLength(60);
    expect(batch.filter((n) => n.evaluations.totalCount === 2)).toHaveLength(60);
  });
});

describe('reads on the pool (server/db/pool-read.ts)', () => {
  const manager = (unitId: number): Viewer => ({
    userId: null,
    apiKeyId: null,
    username: `manager-${unitId}`,
    role: Role.UNIT_MANAGER,
    unitId,
    cadreId: null,
  });
  const admin: Viewer = { ...manager(0), role: Role.ORG_ADMIN, unitId: null, username: 'admin' };

  it('hydrates every type as TypeORM does: dates, timestamps, numbers, JSON', async () => {
    const loaders = createLoaders(env.dataSource, { viewer: admin }, REGISTRY.nodes);
    let compared = 0;
    for (const [name, spec] of Object.entries(REGISTRY.nodes)) {
      const rows = await env.dataSource.getRepository(spec.entity).find({ take: 20 });
      const loaded = await loaders[name as NodeTypeName].loadMany(rows.map((r) => r.id));
      rows.forEach((row, i) => {
        if (loaded[i] === null) return; // a type the org department does not read
        expect([name, loaded[i]]).toEqual([name, row]);
        expect(Object.getPrototypeOf(loaded[i])).toBe(spec.entity.prototype);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("builds a by-id statement per viewer: one manager's scope is never another's", async () => {
    const { active } = world.postings; // sent by unit A to unit B
    const load = (viewer: Viewer) =>
      createLoaders(env.dataSource, { viewer }, REGISTRY.nodes).Posting.load(active.id);
    const [b, c] = [world.units.unitB.id, world.units.unitC.id];
    expect(await load(manager(b))).not.toBeNull();
    expect(await load(manager(c))).toBeNull();
    expect(await load(manager(b))).not.toBeNull();
  });

  it.each([true, false])(
    'prepares the by-id statements by name only when preparedStatements is %s',
    async (preparedStatements) => {
      // One connection: pg_prepared_statements shows that session's statements only.
      const dataSource = await openDatabase(env.databaseUrl, { poolSize: 1, preparedStatements });
      try {
        const loaders = createLoaders(dataSource, { viewer: admin }, REGISTRY.nodes);
        expect((await loaders.Posting.load(world.postings.active.id))?.id).toBe(
          world.postings.active.id,
        );
        const [{ n }] = await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'g\\_%'`,
        );
        expect(n > 0).toBe(preparedStatements);
      } finally {
        await dataSource.destroy();
      }
    },
  );
});

describe('plans: one id and one parent are written as one (generic plans, no planning per request)', () => {
  it('settles the by-id and one-parent page statements of a unit page on generic plans', async () => {
    // One connection: pg_prepared_statements and its plan counts are that session's only.
    const dataSource = await openDatabase(env.databaseUrl, { poolSize: 1 });
    const app = await createApp({ dataSource, config: env.config, logError: () => undefined });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
      const unitPage = `query ($id: ID!) { node(id: $id) { ... on Unit {
        id name postingsReceived(first: 20) { nodes { id startDate cadre { name } } }
      } } }`;
      const token = world.tokens.admin;
      const id = toGlobalId('Unit', world.units.unitB.id);
      for (let i = 0; i < 8; i++) {
        const res = await postGraphql(url, unitPage, { id }, token);
        expect(res.errors).toBeUndefined();
      }
      const plans: { statement: string; generic_plans: string; custom_plans: string }[] =
        await dataSource.query(
          `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
            WHERE name LIKE 'g\\_%'`,
        );
      const byId = plans.filter((p) => /"unit"\."id" = \$\d/.test(p.statement));
      const onePage = plans.filter((p) => p.statement.includes('unnest(ARRAY[CAST('));
      expect([byId.length, onePage.length]).toEqual([1, 1]);
      // The first five executions of a prepared statement are planned for their values; after
      // them PostgreSQL keeps the generic plan when it is no dearer (with `= ANY($1)` and
      // `unnest($1)` it never was: ten elements assumed).
      for (const p of [...byId, ...onePage]) {
        expect(Number(p.generic_plans)).toBeGreaterThan(0);
        expect(Number(p.custom_plans)).toBeLessThanOrEqual(5);
      }
    } finally {
      await app.stop();
      await dataSource.destroy();
    }
  });
});

describe('narrow reads: only the columns the selection needs (server/common/selection.ts)', () => {
  const DASHBOARD = `query {
    postings(first: 50, filter: { status: [ACTIVE] }) {
      nodes {
        id type startDate
        cadre { name homeUnit { name } }
        receivingUnit { name }
        mentorship { mentor { name } }
        evaluations(last: 1) { nodes { grade averageScore } }
      }
    }
  }`;
  /** The columns each statement reads of `table` as its own rows (a page's or a by-id read's). */
  const selectedOf = (table: string) =>
    env.statements.statements
      .filter((s) => new RegExp(`"${table}"\\."id" AS "${table}_id"`).test(s))
      .map((s) =>
        [...s.matchAll(new RegExp(`"${table}"\\."(\\w+)" AS "${table}_`, 'g'))].map((m) => m[1]),
      );
  /** The columns each statement reads of `table` as rows joined to a page (server/common/joins.ts). */
  const joinedOf = (table: string) =>
    env.statements.statements.flatMap((s) =>
      [
        ...s.matchAll(
          new RegExp(`\\(SELECT ((?:"_j\\d+"\\."\\w+" AS "\\w+",? ?)+) FROM "${table}" "_j`, 'g'),
        ),
      ].map((m) => [...m[1].matchAll(/"_j\d+"\."(\w+)"/g)].map((c) => c[1])),
    );

  it('reads the selected fields, the id and the foreign keys, and answers as whole rows do', async () => {
    env.statements.reset();
    const res = await env.rawGraphql(DASHBOARD, {}, world.tokens.admin);
    expect(res.errors).toBeUndefined();
    expect(selectedOf('posting')).toEqual([
      [
        'id',
        'cadre_id',
        'sending_unit_id',
        'receiving_unit_id',
        'type',
        'start_date',
        'candidate_id',
      ],
    ]);
    // The posted cadres are joined to the postings page, the mentors to the mentorship page,
    // each with the columns its selection needs; no statement reads a cadre by id.
    expect(joinedOf('cadre')).toEqual([
      ['id', 'name', 'home_unit_id'],
      ['id', 'name', 'home_unit_id'],
    ]);
    expect(selectedOf('cadre')).toEqual([]);
    // averageScore reads the dimension scores its type declares in `reads`.
    expect(selectedOf('evaluation')[0]).toEqual(
      expect.arrayContaining(['grade', 'initiative_score', 'discipline_score']),
    );
    expect(selectedOf('evaluation')[0]).not.toContain('comments');
    type Node = {
      id: string;
      type: string;
      startDate: string;
      cadre: { name: string };
      mentorship: { mentor: { name: string } } | null;
      evaluations: { nodes: { averageScore: number | null }[] };
    };
    const nodes = (res.data as { postings: { nodes: Node[] } }).postings.nodes;
    expect(nodes).toHaveLength(50);
    // Every answer is the stored row's, as a whole-row read gives it.
    const stored = await env.dataSource.query(
      `SELECT p.id, p.type, p.start_date::text AS "startDate", c.name
         FROM posting p JOIN cadre c ON c.id = p.cadre_id WHERE p.status = 'ACTIVE'`,
    );
    const byGlobalId = new Map(
      stored.map((r: { id: number }) => [toGlobalId('Posting', r.id), r] as const),
    );
    for (const node of nodes) {
      expect(byGlobalId.get(node.id)).toMatchObject({
        type: node.type,
        startDate: node.startDate,
        name: node.cadre.name,
      });
    }
    const batch = nodes.filter((n) => n.cadre.name.startsWith('批量干部'));
    expect(batch.length).toBeGreaterThan(40);
    for (const n of batch) {
      expect(n.mentorship?.mentor.name).toBe(n.cadre.name.replace('干部', '导师'));
      expect(n.evaluations.nodes.map((e) => e.averageScore)).toEqual([70]);
    }
  });

  it('reads by id only the rows a page did not return with the columns asked for', async () => {
    env.statements.reset();
    // The page reads id and the foreign keys of every posting; the posting of an evaluation read
    // by `node` (no page, so nothing joins it) asks for its status too.
    const evaluation = toGlobalId('Evaluation', world.evaluations.finalEvaluation.id);
    const res = await env.rawGraphql(
      `{ postings(first: 100) { nodes { id } }
         node(id: "${evaluation}") { ... on Evaluation { posting { id status } } } }`,
      {},
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    const byId = env.statements.statements.filter((s) => /"posting"\."id" = (ANY\(|\$\d)/.test(s));
    expect(byId).toHaveLength(1);
    expect(byId[0]).toMatch(/"posting"\."status"/);
    expect(byId[0]).not.toMatch(/"posting"\."training_plan"/);
  });

  it('throws under test when code reads a column the read did not fetch', async () => {
    const metadata = env.dataSource.getMetadata('Posting');
    const hydrate = narrowHydrator<{ id: number; trainingPlan: string | null }>(
      env.dataSource,
      metadata,
      'posting',
      ['id'],
    );
    const entity = hydrate({ posting_id: 7 });
    expect(entity.id).toBe(7);
    expect(() => entity.trainingPlan).toThrow(/Posting\.trainingPlan was not read.*`reads`/);
    entity.trainingPlan = 'set by code';
    expect(entity.trainingPlan).toBe('set by code');
  });

  it('prepares one page statement for every page size of a class and every cursor of a list shape', async () => {
    const dataSource = await openDatabase(env.databaseUrl, { poolSize: 1 });
    try {
      const admin: Viewer = {
        userId: null,
        apiKeyId: null,
        username: 'admin',
        role: Role.ORG_ADMIN,
        unitId: null,
        cadreId: null,
      };
      const pageOf = (first: number, after?: string) =>
        loadList(
          {
            loaders: createLoaders(dataSource, { viewer: admin }, REGISTRY.nodes),
            registry: REGISTRY,
          } as never,
          {
            type: 'Posting',
            args: { first, after, select: ['id', 'startDate'] },
            columns: { START_DATE: 'start_date' },
            defaultOrder: { field: 'START_DATE', direction: 'ASC' as never },
          },
        );
      const first = await pageOf(3);
      const next = await pageOf(4, first.pageInfo.endCursor!);
      const last = await pageOf(5, next.pageInfo.endCursor!);
      expect([first.edges.length, next.edges.length, last.edges.length]).toEqual([3, 4, 5]);
      expect(next.edges[0].node.id).not.toBe(first.edges[0].node.id);
      const rows = await dataSource.query(
        `SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%FROM "posting"%LIMIT 6%'`,
      );
      // Without a cursor and with one: two texts of the class of 5, each prepared once.
      expect(rows).toHaveLength(2);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('page-size classes (server/common/pagination.ts pageSizeClass)', () => {
  type Ids = {
    postings: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  };
  const page = async (first: number, after?: string) => {
    const res = await env.rawGraphql<Ids>(
      `query ($first: Int!, $after: String) { postings(first: $first, after: $after) {
         nodes { id } pageInfo { hasNextPage endCursor } } }`,
      { first, after },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.postings;
  };

  it('reads a page of any size with the statement of its class: the rows asked for, no more', async () => {
    const all = (await page(60)).nodes.map((n) => n.id);
    expect(all).toHaveLength(60);
    for (const first of [1, 2, 3, 7, 13, 21, 49]) {
      const head = await page(first);
      expect(head.nodes.map((n) => n.id)).toEqual(all.slice(0, first));
      expect(head.pageInfo.hasNextPage).toBe(true);
      const rest = await page(60 - first, head.pageInfo.endCursor);
      expect(rest.nodes.map((n) => n.id)).toEqual(all.slice(first));
    }
  });

  it('gives each parent of a nested list its own page of the size asked for', async () => {
    const res = await env.rawGraphql<{
      units: { nodes: { postingsReceived: { nodes: { id: string }[] } }[] };
    }>(
      `{ units(first: 20) { nodes { postingsReceived(first: 3) { nodes { id } } } } }`,
      {},
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    const sizes = res.data!.units.nodes.map((u) => u.postingsReceived.nodes.length);
    // Units A and B receive 30 batch postings each: 3 apiece, read by the class of 5.
    expect(sizes.filter((n) => n === 3).length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes)).toBe(3);
  });
});

describe('declared reads (NodeSpec.reads)', () => {
  it('name fields of their type and columns of its entity', async () => {
    const schema = await createSchema();
    let declared = 0;
    for (const [type, spec] of Object.entries(REGISTRY.nodes)) {
      const graphqlType = schema.getType(type) as GraphQLObjectType;
      const properties = env.dataSource.getMetadata(spec.entity).columns.map((c) => c.propertyName);
      for (const [field, columns] of Object.entries(spec.reads ?? {})) {
        expect([type, field, Boolean(graphqlType.getFields()[field])]).toEqual([type, field, true]);
        for (const column of columns) expect(properties).toContain(column);
        declared++;
      }
    }
    expect(declared).toBeGreaterThanOrEqual(9);
  });
});
