import { StatisticsDocument, type StatisticsQuery } from '../sdk/src';
import { PostingCountDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildAlertWorld, listAlerts } from './support/alert-world';

let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
});
afterAll(() => env.close());

const alerts = (token: string) => listAlerts(env, token);

describe('statistics', () => {
  async function stats(token: string): Promise<StatisticsQuery['statistics']> {
    const res = await env.graphql(StatisticsDocument, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.statistics;
  }

  it('counts every posting and alert the org department may read', async () => {
    const s = await stats(world.tokens.admin);
    const [{ n }] = await env.dataSource.query('SELECT count(*)::int AS n FROM posting');
    expect(s.postingCounts.reduce((sum, c) => sum + c.count!, 0)).toBe(n);
    const listed = await alerts(world.tokens.admin);
    expect(s.alertCounts.reduce((sum, c) => sum + c.count!, 0)).toBe(listed.length);
    expect(s.gradeDistribution).toEqual([{ grade: 'EXCELLENT', count: 3, suppressed: false }]);
    expect(s.promotionAfterReturn).toEqual({
      excellentReturns: 3,
      promotedWithinWindow: 2,
      rate: 0.667,
      suppressed: false,
    });
  });

  it('counts for a unit manager only what their lists show, and no later career of hosted cadres', async () => {
    const s = await stats(world.tokens.managerB);
    const res = await env.graphql(PostingCountDocument, {}, world.tokens.managerB);
    expect(s.postingCounts.reduce((sum, c) => sum + c.count!, 0)).toBe(
      res.data!.postings.totalCount,
    );
    expect(s.alertCounts.reduce((sum, c) => sum + c.count!, 0)).toBe(
      (await alerts(world.tokens.managerB)).length,
    );
    // The hosted cadre's promotion after the posting belongs to unit A's records.
    expect(s.promotionAfterReturn.promotedWithinWindow).toBe(0);
  });

  it('counts a promotion dated the day of return as within the window', async () => {
    // The only posting starting in 2023 is the one promoted on its return day.
    const res = await env.graphql(
      StatisticsDocument,
      { filter: { year: 2023 } },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.statistics.promotionAfterReturn).toEqual({
      excellentReturns: 1,
      promotedWithinWindow: 1,
      rate: 1,
      suppressed: false,
    });
  });

  it('is allowed to analysts and FORBIDDEN to mentors and cadres', async () => {
    expect((await stats(world.tokens.analyst)).postingCounts.length).toBeGreaterThan(0);
    for (const role of ['mentor', 'cadre'] as const) {
      const res = await env.graphql(StatisticsDocument, {}, world.tokens[role]);
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
