import { addDays, today } from '../server/common/dates';
import { RecordCareerEventDocument, type RecordCareerEventInput } from '../sdk/src';
import { RecordCareerEventWithCadreDocument, TimelineDocument } from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { PostingStatus } from '../server/modules/posting/posting-type';
import { buildWorld, cadre, gid, posting, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const record = (input: RecordCareerEventInput, token = world.tokens.admin) =>
  mutate(env, RecordCareerEventWithCadreDocument, input, token);

describe('recordCareerEvent', () => {
  it('records a promotion and raises the cadre’s rank and position when it takes effect', async () => {
    const payload = await record({
      cadreId: gid('Cadre', world.cadres.cadreA1.id),
      kind: 'PROMOTED',
      date: today(),
      rank: 'DIVISION_DEPUTY',
      positionTitle: '副主任',
      documentNumber: '市委组干〔2026〕31号',
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.careerEvent).toMatchObject({
      kind: 'PROMOTED',
      rank: 'DIVISION_DEPUTY',
      cadre: { rank: 'DIVISION_DEPUTY', positionTitle: '副主任' },
    });
  });

  it('refuses INVALID_DATES for an event dated in the future', async () => {
    await expectRefused(env, 'INVALID_DATES', () =>
      record({
        cadreId: gid('Cadre', world.cadres.cadreB1.id),
        kind: 'RESERVE_LISTED',
        date: addDays(today(), 30),
      }),
    );
  });

  it('records a back-dated event in the history without changing the cadre today', async () => {
    const cadreId = gid('Cadre', world.cadres.cadreC1.id);
    const promoted = await record({
      cadreId,
      kind: 'PROMOTED',
      date: addDays(today(), -10),
      rank: 'DIVISION_CHIEF',
    });
    expect(promoted.userErrors).toEqual([]);
    const old = await record({
      cadreId,
      kind: 'APPOINTED',
      date: '2019-01-01',
      rank: 'STAFF',
      positionTitle: '科员',
    });
    expect(old.userErrors).toEqual([]);
    expect(old.careerEvent).toMatchObject({ cadre: { rank: 'DIVISION_CHIEF' } });
    // A promotion is judged against the rank in force at its date: from STAFF in 2019, a raise.
    const between = await record({
      cadreId,
      kind: 'PROMOTED',
      date: '2020-01-01',
      rank: 'SECTION_DEPUTY',
    });
    expect(between.userErrors).toEqual([]);
    expect(between.careerEvent).toMatchObject({ cadre: { rank: 'DIVISION_CHIEF' } });
    await expectRefused(env, 'INVALID_VALUE', () =>
      record({ cadreId, kind: 'PROMOTED', date: '2020-06-01', rank: 'STAFF' }),
    );
  });

  it('refuses INVALID_VALUE for a promotion that does not raise the rank', async () => {
    await expectRefused(env, 'INVALID_VALUE', () =>
      record({
        cadreId: gid('Cadre', world.cadres.leaderA.id),
        kind: 'PROMOTED',
        date: today(),
        rank: 'STAFF',
      }),
    );
  });

  it('refuses INVALID_VALUE for a transfer without a new unit', async () => {
    await expectRefused(env, 'INVALID_VALUE', () =>
      record({
        cadreId: gid('Cadre', world.cadres.cadreC1.id),
        kind: 'TRANSFERRED',
        date: today(),
      }),
    );
  });

  it('is FORBIDDEN to a unit manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(
        RecordCareerEventDocument,
        {
          input: {
            cadreId: gid('Cadre', world.cadres.cadreA1.id),
            kind: 'APPOINTED',
            date: today(),
          },
        },
        world.tokens.managerA,
      ),
    );
  });
});

describe('a transfer (TRANSFERRED) off a leadership team', () => {
  const leader = (name: string) =>
    cadre(env.dataSource, { name, homeUnitId: world.units.unitB.id, isLeadership: true });

  it('takes the cadre off the old unit’s team, in the same audited change', async () => {
    const moving = await leader('调任领导');
    const payload = await record({
      cadreId: gid('Cadre', moving.id),
      kind: 'TRANSFERRED',
      date: today(),
      unitId: gid('Unit', world.units.unitA.id),
    });
    expect(payload.userErrors).toEqual([]);
    const [row] = await env.dataSource.query(
      'SELECT home_unit_id AS "homeUnitId", is_leadership AS "isLeadership" FROM cadre WHERE id = $1',
      [moving.id],
    );
    expect(row).toEqual({ homeUnitId: world.units.unitA.id, isLeadership: false });
    const [audit] = await env.dataSource.query(
      `SELECT before->>'isLeadership' AS before, after->>'isLeadership' AS after FROM audit_entry
        WHERE action = 'cadre.transferred' AND entity_id = $1`,
      [moving.id],
    );
    expect(audit).toEqual({ before: 'true', after: 'false' });
  });

  it('refuses CADRE_IS_MENTORING while the leader mentors a posted cadre', async () => {
    await expectRefused(env, 'CADRE_IS_MENTORING', () =>
      record({
        cadreId: gid('Cadre', world.cadres.leaderB.id),
        kind: 'TRANSFERRED',
        date: today(),
        unitId: gid('Unit', world.units.unitA.id),
      }),
    );
  });
});

describe('timeline', () => {
  it('merges career events and postings in date order', async () => {
    const res = await env.graphql(
      TimelineDocument,
      { id: gid('Cadre', world.cadres.cadreA2.id) },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(withField(res.data?.node, 'timeline').timeline).toEqual([
      {
        date: '2025-01-01',
        kind: 'POSTING_STARTED',
        careerEvent: null,
        posting: { status: 'COMPLETED' },
      },
      {
        date: '2025-12-31',
        kind: 'POSTING_ENDED',
        careerEvent: null,
        posting: { status: 'COMPLETED' },
      },
      {
        date: '2026-03-01',
        kind: 'CAREER_EVENT',
        careerEvent: { kind: 'PROMOTED' },
        posting: null,
      },
    ]);
  });

  it('orders one day as it happened: a return, a promotion, a departure, and a posting ended on its first day after it began', async () => {
    const day = '2025-06-02';
    const c = await cadre(env.dataSource, { name: '同日干部', homeUnitId: world.units.unitA.id });
    const units = { cadreId: c.id, sendingUnitId: world.units.unitA.id };
    // Inserted in the opposite order from the day's, so that insertion order cannot pass for it.
    await posting(env.dataSource, {
      ...units,
      receivingUnitId: world.units.unitB.id,
      startDate: day,
      plannedEndDate: '2026-06-01',
      actualEndDate: day,
      status: PostingStatus.TERMINATED,
      terminationReason: '到岗当日因病终止',
    });
    await posting(env.dataSource, {
      ...units,
      receivingUnitId: world.units.unitB.id,
      startDate: '2024-06-01',
      plannedEndDate: day,
      actualEndDate: day,
      status: PostingStatus.COMPLETED,
    });
    const promoted = await record({
      cadreId: gid('Cadre', c.id),
      kind: 'PROMOTED',
      date: day,
      rank: 'DIVISION_DEPUTY',
    });
    expect(promoted.userErrors).toEqual([]);
    const res = await env.graphql(TimelineDocument, { id: gid('Cadre', c.id) }, world.tokens.admin);
    const entries = withField(res.data?.node, 'timeline').timeline;
    expect(entries.map((e) => [e.date, e.kind, e.careerEvent?.kind ?? e.posting?.status])).toEqual([
      ['2024-06-01', 'POSTING_STARTED', 'COMPLETED'],
      [day, 'POSTING_ENDED', 'COMPLETED'],
      [day, 'CAREER_EVENT', 'PROMOTED'],
      [day, 'POSTING_STARTED', 'TERMINATED'],
      [day, 'POSTING_ENDED', 'TERMINATED'],
    ]);
  });

  it('shows a former receiving unit’s manager nothing of the cadre’s later career', async () => {
    const res = await env.graphql(
      TimelineDocument,
      {
        id: gid('Cadre', world.cadres.cadreA2.id),
      },
      world.tokens.managerB,
    );
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
