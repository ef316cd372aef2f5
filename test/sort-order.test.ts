import { Role } from '../server/common/role';
import { CadresDocument, UnitsDocument, UsersDocument, type OrderDirection } from '../sdk/src';
import { createTestEnv, type TestEnv, type TypedDocument } from './support/env';
import { buildWorld, cadre, gid, unit, user, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

interface Connection<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Every node of a list, read two at a time, so that the order holds across keyset pages too. */
async function everyPage<R, V, N>(
  document: TypedDocument<R, V>,
  variables: (after: string | null) => V,
  connection: (data: R) => Connection<N>,
): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  do {
    // Every list query's variables are optional, so these two arguments always fit.
    const post = env.graphql as (
      d: TypedDocument<R, V>,
      v: V,
      token: string,
    ) => Promise<{
      data?: R | null;
      errors?: unknown;
    }>;
    const res = await post(document, variables(after), world.tokens.admin);
    expect(res.errors).toBeUndefined();
    const page: Connection<N> = connection(res.data!);
    nodes.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
  } while (after);
  return nodes;
}

/** Shuffled on insertion, so that insertion order cannot pass for the sort. */
const NAMES = ['张三', '阿明', '赵六', '白云', '王五', '李四'];
const PINYIN = ['阿明', '白云', '李四', '王五', '张三', '赵六'];
const DIRECTIONS: [OrderDirection, string[]][] = [
  ['ASC', PINYIN],
  ['DESC', [...PINYIN].reverse()],
];

describe('names sort in pinyin order (拼音), as a Chinese office sorts them', () => {
  it.each(DIRECTIONS)('lists cadres by NAME %s: %j', async (direction, expected) => {
    const home = await unit(env.dataSource, { name: `排序单位${direction}` });
    for (const name of NAMES) await cadre(env.dataSource, { name, homeUnitId: home.id });
    const names = await everyPage(
      CadresDocument,
      (after) => ({
        first: 2,
        after,
        filter: { homeUnitIds: [gid('Unit', home.id)] },
        orderBy: { field: 'NAME' as const, direction },
      }),
      (data) => data.cadres,
    );
    expect(names.map((c) => c.name)).toEqual(expected);
  });

  it.each(DIRECTIONS)('lists units by NAME %s: %j', async (direction, expected) => {
    const parent = await unit(env.dataSource, { name: `上级单位${direction}` });
    for (const name of NAMES) {
      await unit(env.dataSource, { name: `${name}局`, parentId: parent.id });
    }
    const names = await everyPage(
      UnitsDocument,
      (after) => ({
        first: 2,
        after,
        filter: { parentId: gid('Unit', parent.id) },
        orderBy: { field: 'NAME' as const, direction },
      }),
      (data) => data.units,
    );
    expect(names.map((u) => u.name)).toEqual(expected.map((name) => `${name}局`));
  });
});

describe('usernames sort regardless of case, as they are matched', () => {
  it('lists Alice, bob, Carol, dave by USERNAME ASC', async () => {
    const home = await unit(env.dataSource, { name: '账号排序单位' });
    for (const username of ['dave', 'Carol', 'bob', 'Alice']) {
      await user(env.dataSource, username, Role.UNIT_MANAGER, { unitId: home.id });
    }
    const users = await everyPage(
      UsersDocument,
      (after) => ({
        first: 2,
        after,
        filter: { unitIds: [gid('Unit', home.id)] },
        orderBy: { field: 'USERNAME' as const, direction: 'ASC' as const },
      }),
      (data) => data.users,
    );
    expect(users.map((u) => u.username)).toEqual(['Alice', 'bob', 'Carol', 'dave']);
  });
});
