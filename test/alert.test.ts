import { createTestEnv, type TestEnv } from './support/env';
import { buildAlertWorld } from './support/alert-world';
import { gid } from './support/world';

let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;
let expected: Record<string, number>;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
  expected = world.expected;
});
afterAll(() => env.close());

interface AlertNode {
  kind: string;
  raisedOn: string;
  detail: string;
  posting: { id: string } | null;
}

const ALERTS = `query ($filter: AlertFilter) { alerts(first: 100, filter: $filter) {
  totalCount nodes { id kind raisedOn detail posting { id } } } }`;

async function alerts(token: string, filter?: object): Promise<AlertNode[]> {
  const res = await env.graphql<{ alerts: { totalCount: number; nodes: AlertNode[] } }>(
    ALERTS,
    { filter },
    token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.alerts.totalCount).toBe(res.data!.alerts.nodes.length);
  return res.data!.alerts.nodes;
}

describe('alerts', () => {
  it.each([
    'NOMINAL_ROLE',
    'OVERDUE_RETURN',
    'PASSIVE_CADRE',
    'UNMANAGED_POSTING',
    'UNUSED_TALENT',
    'MISSING_FINAL_EVALUATION',
  ])('raises %s for the posting that meets its condition', async (kind) => {
    const list = await alerts(world.tokens.admin, { kind: [kind] });
    expect(list.map((a) => a.posting?.id)).toContain(gid('Posting', expected[kind]));
  });

  it('raises nothing for a well-run posting', async () => {
    const list = await alerts(world.tokens.admin);
    expect(list.map((a) => a.posting?.id)).not.toContain(gid('Posting', world.postings.active.id));
  });

  it('flags a posting without a mentor after 30 days, and clears it when the policy allows longer', async () => {
    const before = await alerts(world.tokens.admin, { kind: ['UNMANAGED_POSTING'] });
    expect(before.map((a) => a.posting?.id)).toContain(gid('Posting', world.postings.inbound.id));
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 3650');
    try {
      const after = await alerts(world.tokens.admin, { kind: ['UNMANAGED_POSTING'] });
      expect(after.map((a) => a.posting?.id)).not.toContain(
        gid('Posting', world.postings.inbound.id),
      );
    } finally {
      await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 30');
    }
  });

  it('gives a receiving unit’s manager only alerts of postings it sent or hosts while active', async () => {
    const mine = await alerts(world.tokens.managerB);
    const ids = new Set(mine.map((a) => a.posting?.id));
    expect(ids.has(gid('Posting', world.postings.inbound.id))).toBe(true); // sent by B
    expect(ids.has(gid('Posting', expected.NOMINAL_ROLE))).toBe(true); // hosted by B, active
    expect(ids.has(gid('Posting', expected.UNUSED_TALENT))).toBe(false); // hosted by B, ended
    expect(ids.has(gid('Posting', world.postings.elsewhere.id))).toBe(false);
  });

  it('lists the alerts of one posting on Posting.alerts', async () => {
    const res = await env.graphql<{ node: { alerts: { nodes: { kind: string }[] } } }>(
      'query ($id: ID!) { node(id: $id) { ... on Posting { alerts { nodes { kind } } } } }',
      { id: gid('Posting', expected.OVERDUE_RETURN) },
      world.tokens.admin,
    );
    expect(res.data?.node.alerts.nodes.map((n) => n.kind)).toEqual(['OVERDUE_RETURN']);
  });

  it.each(['mentor', 'cadre'] as const)('is FORBIDDEN to %s', async (role) => {
    const res = await env.graphql(ALERTS, {}, world.tokens[role]);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
