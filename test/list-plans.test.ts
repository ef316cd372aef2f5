import { DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { createTestEnv, type TestEnv } from './support/env';
import { explain, LIST_PLAN_CASES, listStatements } from './support/list-plans';

/**
 * Issue #12: every reference list reads its page from an index in the list's order, and
 * `totalCount` costs a statement only when it is selected. The plans are checked on a small demo
 * database (scale 10, ANALYZEd, planner settings untouched) by their shape; the figures at scale
 * 625 come from `npm run bench:plans`.
 * The queries are sent as text: the cases are data (test/support/list-plans.ts), shared with the
 * bench.
 */
let env: TestEnv;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.dataSource, { scale: 10 });
  await env.dataSource.query('ANALYZE');
  for (const username of ['admin', 'manager', 'mentor']) {
    const res = await env.rawGraphql<{ login: { token: string } }>(
      'mutation ($i: LoginInput!) { login(input: $i) { token } }',
      { i: { username, password: DEMO_PASSWORD } },
    );
    tokens[username] = res.data!.login.token;
  }
}, 120_000);
afterAll(() => env?.close());

async function send(query: string, as = 'admin', partial = false) {
  env.statements.reset();
  const res = await env.rawGraphql(query, {}, tokens[as]);
  if (partial) expect(res.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  expect(res.errors?.filter((e) => !partial || e.extensions?.code !== 'FORBIDDEN')).toEqual(
    partial ? [] : undefined,
  );
  return env.statements.sent;
}

describe('list plans', () => {
  it.each(LIST_PLAN_CASES.filter((c) => !c.benchOnly))(
    '$name reads its page from $index when planned',
    async (c) => {
      const statements = listStatements(await send(c.query, c.as, c.partial), c);
      expect(statements).toHaveLength(1);
      const plan = await explain(env.dataSource, statements[0], false);
      expect(plan.indexes).toContainEqual(
        c.orIndex && plan.indexes.includes(c.orIndex) ? c.orIndex : c.index,
      );
      expect(plan.scans.filter((s) => s.table === c.table && s.type === 'Seq Scan')).toEqual([]);
      // The referenced rows are read in the same statement, a probe per row of the page that
      // stops at its one row: never the whole table hashed (as the planner chose for 4 768
      // units at scale 625 before each join had its LIMIT 1).
      for (const table of c.joined ?? []) {
        const probes = plan.scans.filter((s) => s.table === table);
        expect([table, probes.length > 0]).toEqual([table, true]);
        expect(probes.filter((s) => !s.underLimit)).toEqual([]);
      }
      // A root list read by everything-scoped roles walks the index in order and stops at the
      // page: no sort of the rows read. (A unit manager's posting scope is an OR of two columns:
      // the unit's postings are gathered from both unit indexes, then sorted.)
      if (!c.nested && c.as === 'admin') expect(plan.sortsOverScans).toEqual([]);
    },
  );
});

describe('totalCount', () => {
  const counts = (statements: { sql: string }[]) =>
    statements.filter((s) => /count\(/i.test(s.sql)).length;

  it('is not counted when a root list does not select it', async () => {
    const without = await send('{ postings(first: 5) { nodes { id } } }');
    const withCount = await send('{ postings(first: 5) { totalCount nodes { id } } }');
    expect(counts(without)).toBe(0);
    expect(counts(withCount)).toBe(1);
    expect(withCount.length).toBe(without.length + 1);
  });

  it('is counted in one statement for all parents when nested lists select it', async () => {
    const nested = (fields: string) =>
      `{ units(first: 10) { nodes { postingsReceived(first: 2) { ${fields} nodes { id } } } } }`;
    const without = await send(nested(''));
    const withCount = await send(nested('totalCount'));
    expect(counts(without)).toBe(0);
    expect(counts(withCount)).toBe(1);
    expect(withCount.length).toBe(without.length + 1);
  });
});
