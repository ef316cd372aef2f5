import { REGISTRY } from '../server/modules';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, type World } from './support/world';
import { TwoPolicyUpdatesDocument, type UpdatePolicyInput } from './generated/graphql';

const lifecycles = [...REGISTRY.lifecycles.values()].map((l) => [l.type, l] as const);

describe('lifecycles (the transition tables the write kernel checks every change against)', () => {
  it('declares one for every node type with a state', () => {
    expect(lifecycles.map(([type]) => type).sort()).toEqual([
      'ApiKey',
      'Cadre',
      'Candidate',
      'Evaluation',
      'Mentorship',
      'Posting',
      'SelectionRound',
      'Unit',
      'User',
    ]);
  });

  it.each(lifecycles)('reaches every state of %s from its first one', (_, { machine }) => {
    expect([...machine.reachableFrom(machine.initial)].sort()).toEqual([...machine.states].sort());
  });

  // A lifecycle that can always be undone (an account: ACTIVE ↔ DEACTIVATED) has no final state;
  // from every state it must then lead back to its first one.
  it.each(lifecycles)('leads from every state of %s to a final one', (_, { machine }) => {
    const ends = machine.finalStates.length > 0 ? machine.finalStates : [machine.initial];
    const stuck = machine.states.filter(
      (state) => !ends.some((end) => machine.reachableFrom(state).has(end)),
    );
    expect(stuck).toEqual([]);
  });

  it('lets accounts be deactivated and reactivated, and nothing else change their state', () => {
    const { machine } = REGISTRY.lifecycles.get('User')!;
    expect(machine.finalStates).toEqual([]);
    expect(
      machine
        .eventsFrom('DEACTIVATED')
        .filter((e) => machine.next('DEACTIVATED', e) !== 'DEACTIVATED'),
    ).toEqual(['user.reactivate']);
    expect(
      machine.eventsFrom('ACTIVE').filter((e) => machine.next('ACTIVE', e) !== 'ACTIVE'),
    ).toEqual(['user.deactivate']);
  });

  it('ends postings COMPLETED or TERMINATED, and candidates SELECTED or REJECTED', () => {
    expect(REGISTRY.lifecycles.get('Posting')!.machine.finalStates).toEqual([
      'COMPLETED',
      'TERMINATED',
    ]);
    expect(REGISTRY.lifecycles.get('Candidate')!.machine.finalStates).toEqual([
      'SELECTED',
      'REJECTED',
    ]);
  });
});

describe('mutations of one operation', () => {
  let env: TestEnv;
  let world: World;

  beforeAll(async () => {
    env = await createTestEnv();
    world = await buildWorld(env);
  });
  afterAll(() => env.close());

  async function twoUpdates(first: UpdatePolicyInput, second: UpdatePolicyInput) {
    const res = await env.graphql(TwoPolicyUpdatesDocument, { first, second }, world.tokens.admin);
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  async function currentVersion(): Promise<number> {
    const [row] = await env.dataSource.query('SELECT version FROM policy');
    return row.version;
  }

  it('commits the first before the second runs when both send the version read', async () => {
    const version = await currentVersion();
    const { first, second } = await twoUpdates(
      { version, reportIntervalDays: 41 },
      { version, reportIntervalDays: 42 },
    );
    expect(first).toEqual({
      userErrors: [],
      policy: { version: version + 1, reportIntervalDays: 41 },
    });
    expect(second).toEqual({ userErrors: [{ code: 'STALE_VERSION' }], policy: null });
    expect(await currentVersion()).toBe(version + 1);
  });

  it('keeps the second change when the first is refused', async () => {
    const version = await currentVersion();
    const { first, second } = await twoUpdates(
      { version: version - 1, reportIntervalDays: 43 },
      { version, reportIntervalDays: 44 },
    );
    expect(first.userErrors).toEqual([{ code: 'STALE_VERSION' }]);
    expect(second).toEqual({
      userErrors: [],
      policy: { version: version + 1, reportIntervalDays: 44 },
    });
    const [row] = await env.dataSource.query('SELECT report_interval_days FROM policy');
    expect(row.report_interval_days).toBe(44);
  });
});
