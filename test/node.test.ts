import { NodeIdDocument, NodeIdsDocument, NodeTypenameDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

describe('node and nodes', () => {
  it('finds any type by its global ID when the viewer may read it', async () => {
    const res = await env.graphql(
      NodeTypenameDocument,
      { id: gid('Unit', world.units.unitB.id) },
      world.tokens.cadre,
    );
    expect(res.data?.node).toEqual({
      __typename: 'Unit',
      id: gid('Unit', world.units.unitB.id),
      name: '青山镇人民政府',
    });
  });

  it('answers NOT_FOUND for a record outside the viewer’s scope, as for one that does not exist', async () => {
    for (const id of [
      gid('Posting', world.postings.elsewhere.id),
      gid('Posting', 999999),
      'garbage',
    ]) {
      const res = await env.graphql(NodeIdDocument, { id }, world.tokens.managerA);
      expect(res.data?.node).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('returns items in order with null and a NOT_FOUND error at each unreadable index', async () => {
    const ids = [
      gid('Posting', world.postings.active.id),
      gid('Posting', world.postings.elsewhere.id),
      gid('Cadre', world.cadres.cadreA1.id),
    ];
    const res = await env.graphql(NodeIdsDocument, { ids }, world.tokens.cadre);
    expect(res.data?.nodes).toEqual([{ id: ids[0] }, null, { id: ids[2] }]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['nodes', 1], 'NOT_FOUND'],
    ]);
  });

  it('rejects more than 100 ids with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => gid('Unit', i + 1));
    const res = await env.graphql(NodeIdsDocument, { ids }, world.tokens.admin);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('node with odd type names', () => {
  it.each(['constructor', 'toString', '__proto__'])(
    'answers NOT_FOUND for the type name %s',
    async (name) => {
      const id = Buffer.from(`${name}:1`).toString('base64url');
      const res = await env.graphql(NodeIdDocument, { id }, world.tokens.admin);
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    },
  );
});
