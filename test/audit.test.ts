import { today } from '../server/common/dates';
import { RecordCareerEventDocument } from '../sdk/src';
import { AuditTrailDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { mutate } from './support/mutations';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await mutate(
    env,
    RecordCareerEventDocument,
    {
      cadreId: gid('Cadre', world.cadres.cadreB1.id),
      kind: 'RESERVE_LISTED',
      date: today(),
      documentNumber: '组干〔2026〕1号',
    },
    world.tokens.admin,
  );
});
afterAll(() => env.close());

describe('auditEntries', () => {
  it('lists every change with actor, before and after for the org department', async () => {
    const res = await env.graphql(
      AuditTrailDocument,
      { filter: { subjectId: gid('Cadre', world.cadres.cadreB1.id) } },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.auditEntries.nodes).toEqual([
      expect.objectContaining({
        action: 'cadre.reserve_listed',
        entity: 'Cadre',
        subjectId: gid('Cadre', world.cadres.cadreB1.id),
        reason: '组干〔2026〕1号',
        actor: { username: 'admin' },
        before: expect.objectContaining({ isReserve: false }),
        after: expect.objectContaining({ isReserve: true }),
      }),
    ]);
  });

  it('filters by entity and action', async () => {
    const res = await env.graphql(
      AuditTrailDocument,
      { filter: { entity: ['CareerEvent'], action: ['careerEvent.record'] } },
      world.tokens.admin,
    );
    expect(res.data?.auditEntries.nodes.map((n) => n.action)).toEqual(['careerEvent.record']);
  });

  it('never records secrets such as password hashes', async () => {
    const rows = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE after::text LIKE '%argon2%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it.each(['managerA', 'mentor', 'cadre', 'analyst'] as const)(
    'is FORBIDDEN to %s',
    async (role) => {
      const res = await env.graphql(AuditTrailDocument, {}, world.tokens[role]);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    },
  );
});
