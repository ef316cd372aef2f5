/**
 * "Absent" and "not yours" answer alike (issue 9, fault 9): for every place a root field takes a
 * global ID, as every role, a record outside the caller's read scope and an ID of nothing get the
 * same status, code, message, path and data — so no answer tells that a record exists.
 */
import type { ObjectLiteral } from 'typeorm';
import { Role } from '../server/common/role';
import { REGISTRY } from '../server/modules';
import { createSchema } from '../server/schema';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './support/env';
import { idPositions, type IdPosition } from './support/existence-walk';
import { selectionSteps } from './support/selection';
import { buildWorld, gid, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;
/** Who asks: the world's roles, and two more with little in scope. */
let tokens: Record<string, string>;
/** Every row of every node type, as global IDs. */
const rows = new Map<string, string[]>();

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  // A manager of the school, which neither sends nor receives the world's mentored postings,
  // and a mentor of unit A, who mentors nobody.
  await user(env.dataSource, 'manager_c', Role.UNIT_MANAGER, { unitId: world.units.unitC.id });
  await user(env.dataSource, 'mentor_a', Role.MENTOR, { cadreId: world.cadres.leaderA.id });
  const steps = selectionSteps({ env, world });
  await steps.candidate();
  tokens = {
    ...world.tokens,
    managerC: await login(env, 'manager_c'),
    mentorA: await login(env, 'mentor_a'),
  };
  for (const [type, spec] of Object.entries(REGISTRY.nodes)) {
    const found = (await env.dataSource
      .getRepository<ObjectLiteral>(spec.entity)
      .find({ select: { id: true }, order: { id: 'ASC' } })) as { id: number }[];
    rows.set(
      type,
      found.map((r) => gid(type, r.id)),
    );
  }
}, 60_000);
afterAll(() => env.close());

const readableCache = new Map<string, Promise<Set<string>>>();

/** The global IDs of `type` that `who` can read (`nodes` answers null for the others). */
function readable(type: string, who: string): Promise<Set<string>> {
  const key = `${type} ${who}`;
  if (!readableCache.has(key)) readableCache.set(key, readableNow(type, tokens[who]));
  return readableCache.get(key)!;
}

async function readableNow(type: string, token: string): Promise<Set<string>> {
  const ids = rows.get(type) ?? [];
  // Generated at run time from the registry's node types: raw text by design.
  const res = await env.rawGraphql<{ nodes: ({ id: string } | null)[] }>(
    'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    { ids },
    token,
  );
  return new Set((res.data?.nodes ?? []).flatMap((n) => (n ? [n.id] : [])));
}

/** What a client can tell from an answer: status, data, and each error's message, code and place. */
function shape(res: GraphQLResponse<unknown>) {
  return {
    status: res.status,
    data: res.data ?? null,
    errors: (res.errors ?? []).map((e) => ({
      message: e.message,
      path: e.path,
      code: e.extensions?.code,
      field: e.extensions?.field,
    })),
  };
}

interface Comparison {
  title: string;
  hidden: ReturnType<typeof shape>;
  absent: ReturnType<typeof shape>;
}

async function compare(
  position: IdPosition,
  type: string,
  who: string,
): Promise<Comparison | null> {
  const token = tokens[who];
  const seen = await readable(type, who);
  const hidden = (rows.get(type) ?? []).find((id) => !seen.has(id));
  if (!hidden) return null;
  // Every other ID of the input: one the caller can read, so that the lookup in question is reached.
  const visible = new Map<string, string>();
  for (const t of rows.keys()) {
    const first = [...(await readable(t, who))][0];
    if (first) visible.set(t, first);
  }
  const other = (t: string) => visible.get(t) ?? rows.get(t)?.[0] ?? gid(t, 1);
  const send = async (id: string) => {
    const { query, variables } = position.build(id, other);
    // Built from the schema at run time: raw text by design.
    return shape(await env.rawGraphql(query, variables as Record<string, unknown>, token));
  };
  return {
    title: `${position.field}(${position.path}: ${type}) as ${who}`,
    hidden: await send(hidden),
    absent: await send(gid(type, 2_000_000_000)),
  };
}

describe('absent and out of scope', () => {
  it('answer alike at every ID position of the schema, for every role', async () => {
    const schema = await createSchema();
    const comparisons: Comparison[] = [];
    for (const position of idPositions(schema)) {
      const types = position.type ? [position.type] : ['Posting', 'Cadre', 'Mentorship'];
      for (const type of types) {
        const each = Object.keys(tokens).map((who) => compare(position, type, who));
        for (const c of await Promise.all(each)) if (c) comparisons.push(c);
      }
    }
    const notFound = comparisons.filter((c) => c.absent.errors.some((e) => e.code === 'NOT_FOUND'));
    console.log(
      `existence walk: ${comparisons.length} comparisons, ${notFound.length} answered NOT_FOUND for an absent ID:\n` +
        [...new Set(notFound.map((c) => c.title.replace(/ as .*/, '')))].join('\n'),
    );
    const differing = comparisons
      .filter((c) => JSON.stringify(c.hidden) !== JSON.stringify(c.absent))
      .map((c) => ({ case: c.title, hidden: c.hidden, absent: c.absent }));
    expect(differing).toEqual([]);
    // The walk reaches the lookups, not only the role checks before them.
    expect(notFound.length).toBeGreaterThanOrEqual(10);
    expect(notFound.map((c) => c.title)).toContain(
      'logMentorSession(input.mentorshipId: Mentorship) as managerC',
    );
  }, 120_000);
});
