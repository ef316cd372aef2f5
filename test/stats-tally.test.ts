import { ProgrammeOverviewDocument, StatisticsDocument, type StatisticsFilter } from '../sdk/src';
import { statsTally } from '../server/modules/stats/stats.tally';
import { toGlobalId } from '../server/common/global-id';
import { createTestEnv, type TestEnv } from './support/env';
import { buildAlertWorld } from './support/alert-world';

/**
 * The maintained statistics (stats/sql/tally.sql): kept by triggers, they must equal the tallies
 * computed from scratch after any change, and give the figures the live queries give.
 */
let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
});
afterAll(() => env.close());

const TALLY = `SELECT measure, year_key, g1, g2, n::int, cadres::int, total::float FROM stats_tally
  WHERE n <> 0 OR cadres <> 0 OR total <> 0 ORDER BY 1, 2, 3, 4`;

/** The tallies as the triggers left them, and as a rebuild from the rows computes them. */
async function keptAndRebuilt(): Promise<[unknown[], unknown[]]> {
  const kept = await env.dataSource.query(TALLY);
  await env.dataSource.query('SELECT rules.stats_rebuild()');
  return [kept, await env.dataSource.query(TALLY)];
}

async function statistics(token: string, filter: StatisticsFilter) {
  const res = await env.graphql(StatisticsDocument, { filter }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.statistics;
}

describe('statistics tallies', () => {
  it('hold what a rebuild from the rows computes when the world is built', async () => {
    const [kept, rebuilt] = await keptAndRebuilt();
    expect(rebuilt.length).toBeGreaterThan(10);
    expect(kept).toEqual(rebuilt);
  });

  it('give the org department and analysts the figures the live queries give', async () => {
    const units: { id: number }[] = await env.dataSource.query('SELECT id FROM unit');
    // Naming every sending unit changes nothing counted but sends the question to the live queries.
    const everyUnit = units.map((u) => toGlobalId('Unit', u.id));
    for (const token of [world.tokens.admin, world.tokens.analyst]) {
      for (const filter of [{}, { year: 2025 }, { year: 2023 }]) {
        const tallied = await statistics(token, filter);
        expect(tallied.postingCounts.length).toBeGreaterThan(0);
        expect(await statistics(token, { ...filter, sendingUnitIds: everyUnit })).toEqual(tallied);
      }
    }
  });

  // Before the changes below, which leave alerts as the alert rules would not (a refresh mends them).
  it('write nothing for a change of what they do not count', async () => {
    const runner = env.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `UPDATE posting SET position_title = position_title || '*', version = version + 1`,
      );
      await runner.query(`UPDATE evaluation SET comments = comments || '*'`);
      await runner.query(`UPDATE career_event SET position_title = 'x'`);
      await runner.query(`UPDATE cadre SET updated_at = updated_at`);
      // Rows this transaction wrote carry its id as xmin.
      const written = async () => {
        const [row]: { n: number }[] = await runner.query(
          `SELECT ((SELECT count(*) FROM stats_tally WHERE xmin::text = (txid_current() % 4294967296)::text)
            + (SELECT count(*) FROM stats_cadre_tally WHERE xmin::text = (txid_current() % 4294967296)::text))::int AS n`,
        );
        return row.n;
      };
      expect(await written()).toBe(0);
      // What they count is written, in the same transaction.
      await runner.query(`UPDATE evaluation SET grade = 'INCOMPETENT'
        WHERE id = (SELECT min(id) FROM evaluation WHERE status = 'FINALIZED')`);
      expect(await written()).toBeGreaterThan(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
  it('rewrite only the figures that follow the Policy’s promotion window when it changes', async () => {
    const runner = env.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE policy SET promotion_window_months = 1`);
      // Rows this transaction wrote carry its id as xmin, with the family of their measure.
      const written: { family: string }[] = await runner.query(
        `SELECT rules.stats_family(measure) AS family FROM stats_tally
           WHERE xmin::text = (txid_current() % 4294967296)::text
         UNION ALL
         SELECT rules.stats_family(measure) FROM stats_cadre_tally
           WHERE xmin::text = (txid_current() % 4294967296)::text`,
      );
      const families = new Set(written.map((w) => w.family));
      expect(families.has('promotion')).toBe(true);
      // Alerts follow the window too (UNUSED_TALENT: the alert rules' own trigger), and with them
      // their tallies; postings, evaluations and the reserve pool are not written.
      expect([...families].filter((f) => f !== 'promotion' && f !== 'alert')).toEqual([]);
      const kept = await runner.query(TALLY);
      await runner.query('SELECT rules.stats_rebuild()');
      expect(kept).toEqual(await runner.query(TALLY));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('follow every change that moves a cadre’s contribution', async () => {
    const ds = env.dataSource;
    const changes = [
      `UPDATE posting SET status = 'COMPLETED', actual_end_date = start_date + 200
        WHERE id = (SELECT min(id) FROM posting WHERE status = 'ACTIVE')`,
      `UPDATE evaluation SET grade = 'COMPETENT' WHERE id = (SELECT min(id) FROM evaluation WHERE grade = 'EXCELLENT')`,
      `DELETE FROM career_event WHERE id = (SELECT min(id) FROM career_event WHERE kind = 'PROMOTED')`,
      `UPDATE unit SET kind = 'SCHOOL' WHERE id = (SELECT min(receiving_unit_id) FROM posting)`,
      `UPDATE policy SET promotion_window_months = 1`,
      `UPDATE posting SET start_date = start_date - 400, type = 'OUTWARD'
        WHERE id = (SELECT max(id) FROM posting WHERE status = 'COMPLETED')`,
      // Each column a contribution reads, alone (the triggers skip rows whose tallied columns stay).
      `UPDATE evaluation SET leadership_score = 100 - leadership_score
        WHERE id = (SELECT min(id) FROM evaluation WHERE status = 'FINALIZED' AND leadership_score <> 50)`,
      `UPDATE evaluation SET date = date + 366
        WHERE id = (SELECT min(id) FROM evaluation WHERE kind = 'FINAL' AND status = 'FINALIZED')`,
      `UPDATE posting SET receiving_unit_id = (SELECT max(id) FROM unit WHERE kind = 'SCHOOL')
        WHERE id = (SELECT min(id) FROM posting WHERE status = 'COMPLETED')`,
      `UPDATE career_event SET date = date - 3000
        WHERE id = (SELECT min(id) FROM career_event WHERE kind = 'PROMOTED')`,
      // Many rows of many cadres in one statement, then rows going and coming.
      `UPDATE evaluation SET grade = 'EXCELLENT' WHERE kind = 'FINAL' AND status = 'FINALIZED'`,
      `DELETE FROM career_event WHERE kind = 'PROMOTED'`,
      `INSERT INTO career_event (cadre_id, kind, date)
        SELECT cadre_id, 'PROMOTED', actual_end_date + 30 FROM posting WHERE status = 'COMPLETED'`,
      // Alerts cleared, moved to another kind, and gone, as the alert rules and sweep write them.
      `UPDATE alert SET cleared_on = raised_on
        WHERE id = (SELECT min(id) FROM alert WHERE cleared_on IS NULL)`,
      `UPDATE alert SET kind = 'PASSIVE_CADRE'
        WHERE id = (SELECT max(id) FROM alert WHERE cleared_on IS NULL AND kind <> 'PASSIVE_CADRE')`,
      `DELETE FROM alert WHERE id = (SELECT max(id) FROM alert WHERE cleared_on IS NULL)`,
      // The reserve pool: a cadre with no posting listed, one delisted, every one listed.
      `UPDATE cadre SET is_reserve = TRUE WHERE id = (SELECT max(id) FROM cadre c
        WHERE NOT c.is_reserve AND c.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM posting p WHERE p.cadre_id = c.id))`,
      `UPDATE cadre SET is_reserve = FALSE
        WHERE id = (SELECT min(id) FROM cadre WHERE is_reserve AND status = 'ACTIVE')`,
      `UPDATE cadre SET is_reserve = TRUE`,
    ];
    for (const change of changes) {
      await ds.query(change);
      const [kept, rebuilt] = await keptAndRebuilt();
      expect({ change, kept }).toEqual({ change, kept: rebuilt });
    }
  });

  it('stay exact when two transactions change one cadre’s figures at once', async () => {
    const ds = env.dataSource;
    const [scored]: { id: number; cadreId: number }[] = await ds.query(
      `SELECT e.id, p.cadre_id AS "cadreId" FROM evaluation e JOIN posting p ON p.id = e.posting_id
        WHERE e.status = 'FINALIZED' AND e.leadership_score IS NOT NULL ORDER BY e.id LIMIT 1`,
    );
    // A second posting of the cadre, ten years on, evaluated too: both evaluations count in the
    // cadre's LEADERSHIP mean over all years (the alerts' lock per posting does not order them).
    const [other]: { id: number }[] = await ds.query(
      `WITH later AS (
        INSERT INTO posting (cadre_id, sending_unit_id, receiving_unit_id, type, position_title,
            position_rank, start_date, planned_end_date, actual_end_date, status)
          SELECT p.cadre_id, p.sending_unit_id, p.receiving_unit_id, p.type, p.position_title,
              p.position_rank, p.start_date + 3650, p.start_date + 3650 + 365,
              p.start_date + 3650 + 365, 'COMPLETED'
            FROM evaluation e JOIN posting p ON p.id = e.posting_id WHERE e.id = $1
          RETURNING id, start_date)
      INSERT INTO evaluation (posting_id, kind, date, leadership_score, grade, status, finalized_at)
        SELECT later.id, 'ROUTINE', later.start_date + 100, 60, 'COMPETENT', 'FINALIZED', now()
          FROM later RETURNING id`,
      [scored.id],
    );
    const first = ds.createQueryRunner();
    const second = ds.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      await first.query('UPDATE evaluation SET leadership_score = 1 WHERE id = $1', [scored.id]);
      // Waits for the first to commit, then computes its difference from what it committed.
      const waiting = second.query('UPDATE evaluation SET leadership_score = 2 WHERE id = $1', [
        other.id,
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await first.commitTransaction();
      await waiting;
      await second.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    const ofCadre = (from: string) =>
      ds.query(
        `SELECT measure, year_key, g1, g2, n::int, total::float FROM ${from} ORDER BY 1, 2, 3, 4`,
        [[scored.cadreId]],
      );
    expect(await ofCadre('stats_cadre_tally WHERE cadre_id = ANY($1)')).toEqual(
      await ofCadre('rules.stats_cadre_contributions($1)'),
    );
    const [kept, rebuilt] = await keptAndRebuilt();
    expect(kept).toEqual(rebuilt);
  });

  it('give programmeOverview the figures the live queries give, year by year', async () => {
    // The changes above left postings ended, open, moved across years and of several types.
    const overview = async (token: string, year: number) => {
      const res = await env.graphql(ProgrammeOverviewDocument, { year }, token);
      expect(res.errors).toBeUndefined();
      return res.data!.programmeOverview;
    };
    let counted = 0;
    for (const token of [world.tokens.admin, world.tokens.analyst]) {
      for (let year = 2019; year <= 2029; year++) {
        const tallied = await overview(token, year);
        const live = jest.spyOn(statsTally, 'answers').mockReturnValue(false);
        try {
          expect({ year, figures: await overview(token, year) }).toEqual({
            year,
            figures: tallied,
          });
        } finally {
          live.mockRestore();
        }
        counted += tallied.postingsByType.length;
      }
    }
    expect(counted).toBeGreaterThan(4);
  });
});
