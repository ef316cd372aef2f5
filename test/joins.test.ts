import { getNamedType, isObjectType } from 'graphql';
import { expectGlobalId, toGlobalId } from '../server/common/global-id';
import { withJoins, type JoinQuery } from '../server/common/joins';
import type { NodeTypeName } from '../server/common/module';
import { REGISTRY } from '../server/modules';
import { createSchema } from '../server/schema';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, type World } from './support/world';

/**
 * To-one references read in the page's own statement (server/common/joins.ts): fewer statements,
 * the same answers, and every referenced row still through its own type's read scope.
 */

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const POSTINGS = `{ postings(first: 100) { nodes {
  id
  cadre { id name homeUnit { id name } }
  receivingUnit { id name }
} } }`;

interface PostingNode {
  id: string;
  cadre: { id: string; name: string; homeUnit: { id: string; name: string } } | null;
  receivingUnit: { id: string; name: string };
}

describe('references joined into a page', () => {
  it('reads the cadres, their home units and the receiving units in the page statement', async () => {
    env.statements.reset();
    const res = await env.rawGraphql<{ postings: { nodes: PostingNode[] } }>(
      POSTINGS,
      {},
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    const page = env.statements.statements.filter((s) => /FROM "posting" "posting"/.test(s));
    expect(page).toHaveLength(1);
    expect(page[0].match(/LEFT JOIN LATERAL/g)).toHaveLength(3);
    // No statement of its own reads a cadre or a unit.
    expect(
      env.statements.statements.filter((s) => /"(cadre|unit)"\."id" = (ANY\(|\$\d)/.test(s)),
    ).toEqual([]);
    // The answers are the stored rows'.
    const stored = await env.dataSource.query(
      `SELECT p.id, c.id AS cadre, c.name, h.id AS home, h.name AS home_name, r.name AS receiving
         FROM posting p JOIN cadre c ON c.id = p.cadre_id JOIN unit h ON h.id = c.home_unit_id
         JOIN unit r ON r.id = p.receiving_unit_id`,
    );
    const nodes = res.data!.postings.nodes;
    expect(nodes.length).toBe(stored.length);
    const byId = new Map(stored.map((r: { id: number }) => [toGlobalId('Posting', r.id), r]));
    for (const node of nodes) {
      const row = byId.get(node.id) as Record<string, unknown>;
      expect(node.cadre).toEqual({
        id: toGlobalId('Cadre', row.cadre as number),
        name: row.name,
        homeUnit: { id: toGlobalId('Unit', row.home as number), name: row.home_name },
      });
      expect(node.receivingUnit.name).toBe(row.receiving);
    }
  });

  it("answers each viewer's references as `nodes(ids:)` does: a row out of their scope is FORBIDDEN, never read", async () => {
    const cadreOf = new Map<number, number>(
      (await env.dataSource.query(`SELECT id, cadre_id FROM posting`)).map(
        (r: { id: number; cadre_id: number }) => [r.id, r.cadre_id],
      ),
    );
    let shown = 0;
    let hidden = 0;
    for (const [label, token] of Object.entries(world.tokens)) {
      env.statements.reset();
      const res = await env.rawGraphql<{ postings: { nodes: PostingNode[] } }>(POSTINGS, {}, token);
      const nodes = res.data?.postings.nodes ?? [];
      if (nodes.length === 0) continue;
      expect([label, env.statements.statements.some((s) => /LEFT JOIN LATERAL/.test(s))]).toEqual([
        label,
        true,
      ]);
      const cadreIds = nodes.map((n) =>
        toGlobalId('Cadre', cadreOf.get(expectGlobalId(n.id, 'Posting'))!),
      );
      const direct = await env.rawGraphql<{ nodes: ({ id: string; name: string } | null)[] }>(
        `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Cadre { name } } }`,
        { ids: cadreIds },
        token,
      );
      const forbiddenAt = new Set(
        (res.errors ?? [])
          .filter((e) => e.extensions?.code === 'FORBIDDEN')
          .map((e) => (e.path ?? []).join('.')),
      );
      nodes.forEach((node, i) => {
        const expected = direct.data!.nodes[i];
        expect([
          label,
          node.id,
          node.cadre && { id: node.cadre.id, name: node.cadre.name },
        ]).toEqual([label, node.id, expected]);
        expect([label, node.id, forbiddenAt.has(`postings.nodes.${i}.cadre`)]).toEqual([
          label,
          node.id,
          expected === null,
        ]);
        if (expected) shown++;
        else hidden++;
      });
    }
    // The fixture has both, so this test can fail either way.
    expect(shown).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });

  it('reads no joined row again by id, whole rows included (every column selected)', async () => {
    const schema = await createSchema();
    // Every scalar field of a type: its selection needs every column, so the join reads whole rows.
    const everything = (name: string) => {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      return Object.values(type.getFields())
        .filter((f) => f.args.length === 0 && !isObjectType(getNamedType(f.type)))
        .map((f) => f.name)
        .join(' ');
    };
    env.statements.reset();
    const res = await env.rawGraphql<{ postings: { nodes: { cadre: { id: string } | null }[] } }>(
      `{ postings(first: 5) { nodes { cadre { ${everything('Cadre')} }
           sendingUnit { ${everything('Unit')} } receivingUnit { ${everything('Unit')} } } } }`,
      {},
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.postings.nodes.every((n) => n.cadre !== null)).toBe(true);
    expect(
      env.statements.statements.filter((s) => /"(cadre|unit)"\."id" = (ANY\(|\$\d)/.test(s)),
    ).toEqual([]);
  });

  it('follows only declared references, each a field of its type returning the declared type', async () => {
    const schema = await createSchema();
    let checked = 0;
    for (const [name, spec] of Object.entries(REGISTRY.nodes)) {
      const type = schema.getType(name);
      if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
      const metadata = env.dataSource.getMetadata(spec.entity);
      for (const [field, reference] of Object.entries(spec.references ?? {})) {
        const target = type.getFields()[field];
        expect([name, field, target && getNamedType(target.type).name]).toEqual([
          name,
          field,
          reference.type,
        ]);
        expect(REGISTRY.nodes[reference.type as NodeTypeName]).toBeDefined();
        expect([name, field, !!metadata.findColumnWithPropertyName(reference.column)]).toEqual([
          name,
          field,
          true,
        ]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('reads a page without its joins when two scopes would share a parameter name', () => {
    const join = (parameters: Record<string, unknown>): JoinQuery =>
      ({
        type: 'Unit',
        alias: '_j0',
        sql: 'SELECT 1',
        parameters,
        metadata: env.dataSource.getMetadata('Unit'),
        columns: null,
      }) as JoinQuery;
    const page = 'SELECT 1 AS "__sort", 1 AS "__id" WHERE 1 = :unit_unit';
    expect(
      withJoins(env.dataSource, page, { unit_unit: 1 }, '1', [join({ unit_unit: 2 })]),
    ).toBeNull();
    // The same name with the same value (one viewer's unit in two scopes) is one parameter.
    const [text, values] = withJoins(env.dataSource, page, { unit_unit: 1 }, '1', [
      join({ unit_unit: 1 }),
    ])!;
    expect(values).toEqual([1]);
    expect(text).toMatch(/LEFT JOIN LATERAL \(SELECT 1\) "_j0" ON TRUE/);
  });
});
