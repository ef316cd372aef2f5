import {
  CadreNestedListsDocument,
  EvaluationPostingsDocument,
  PostingsWithRelationsDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { noQueryLimits } from './support/no-query-limits';
import { buildWorld, cadre, insert, posting, type World } from './support/world';
import { Mentorship } from '../server/modules/mentorship/mentorship.entity';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { EvaluationKind } from '../server/modules/evaluation/evaluation-enums';
import { PostingStatus } from '../server/modules/posting/posting-type';
import { createLoaders } from '../server/common/loaders';
import type { NodeTypeName } from '../server/common/module';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import { openDatabase } from '../server/db/data-source';
import { REGISTRY } from '../server/modules';

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
    // One per level of the shape, not per row. The viewer; postings page (rows included) and
    // count; cadres; units twice (receiving unit, then home units a tick later); the mentorship
    // and evaluation pages; the evaluation counts; the mentors.
    expect(large.count).toBe(10);
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
    // The viewer; the postings page; cadres; then the career events, the cadres' postings and
    // their evaluations, one page statement each: no by-id statement for any list's rows.
    expect(small.count).toBe(6);
    expect(large.count).toBe(6);
  });

  it('looks up no row by id that a page of the same request already returned', async () => {
    env.statements.reset();
    const res = await env.graphql(EvaluationPostingsDocument, {}, world.tokens.admin);
    expect(res.errors).toBeUndefined();
    // The viewer, the postings page and the evaluations page; every evaluation's posting was
    // primed by the postings page, so no Posting by-id statement.
    expect(env.statements.count).toBe(3);
    expect(env.statements.statements.filter((s) => /"posting"\."id" = ANY/.test(s))).toEqual([]);
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
