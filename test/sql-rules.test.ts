import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../server/common/project-root';
import { applySqlRules, SQL_RULE_FILES } from '../server/db/sql-rules';
import { AlertKind } from '../server/modules/alert/alert.entity';
import { buildAlertWorld } from './support/alert-world';
import { createTestEnv, type TestEnv } from './support/env';

/**
 * The SQL rules (server/db/sql-rules.ts) are re-created after the migrations when their files
 * change, and left alone otherwise. Changed copies of the files live in a temporary root.
 */
let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;
let changedRoot: string;

const OVERDUE = 'server/modules/alert/sql/overdue-return.sql';

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
  changedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-sql-rules-'));
  for (const file of SQL_RULE_FILES) {
    fs.mkdirSync(path.dirname(path.join(changedRoot, file)), { recursive: true });
    fs.copyFileSync(path.join(projectRoot(), file), path.join(changedRoot, file));
  }
  const overdue = path.join(changedRoot, OVERDUE);
  fs.writeFileSync(
    overdue,
    fs
      .readFileSync(overdue, 'utf8')
      .replace(
        "jsonb_build_object('plannedEnd',",
        "jsonb_build_object('changed', true, 'plannedEnd',",
      ),
  );
});
afterAll(async () => {
  fs.rmSync(changedRoot, { recursive: true, force: true });
  await env.close();
});

const query = <T>(sql: string, params?: unknown[]): Promise<T[]> =>
  env.dataSource.query(sql, params);

/** The overdue alert's facts as text: the changed copy of its rule adds `"changed": true`. */
async function overdueDetail(): Promise<string> {
  const [row] = await query<{ facts: string }>(
    `SELECT facts::text FROM rules.alert_overdue_return(rules.alert_day(), ARRAY[$1::int])`,
    [world.expected.OVERDUE_RETURN],
  );
  return row.facts;
}

const ruleFunctions = () =>
  query<{ signature: string; oid: number }>(
    `SELECT oid::regprocedure::text AS signature, oid::int AS oid FROM pg_proc
      WHERE pronamespace = 'rules'::regnamespace ORDER BY 1`,
  );

const ruleTriggers = () =>
  query<{ name: string; oid: number }>(
    `SELECT g.tgname AS name, g.oid::int AS oid FROM pg_trigger g JOIN pg_proc f ON f.oid = g.tgfoid
      WHERE f.pronamespace = 'rules'::regnamespace ORDER BY 1`,
  );

describe('applying the SQL rules', () => {
  it('records every rule file with its checksum when the database is opened', async () => {
    const applied = await query<{ file: string; checksum: string }>(
      'SELECT file, checksum FROM rules.applied_file ORDER BY position',
    );
    expect(applied.map((a) => a.file)).toEqual(SQL_RULE_FILES);
    expect(applied.every((a) => /^[0-9a-f]{64}$/.test(a.checksum))).toBe(true);
  });

  it('leaves functions and triggers alone when no file changed', async () => {
    const before = await ruleFunctions();
    const triggers = await ruleTriggers();
    expect(triggers.length).toBeGreaterThan(10);
    expect(await applySqlRules(env.dataSource)).toBe(false);
    expect(await ruleFunctions()).toEqual(before);
    expect(await ruleTriggers()).toEqual(triggers);
  });

  it('re-creates the rules when a file’s checksum changes, once', async () => {
    expect(await overdueDetail()).not.toMatch(/changed/);
    expect(await applySqlRules(env.dataSource, { root: changedRoot })).toBe(true);
    expect(await overdueDetail()).toMatch(/"changed": true/);
    expect(await applySqlRules(env.dataSource, { root: changedRoot })).toBe(false);
    // Back to the project's files.
    expect(await applySqlRules(env.dataSource)).toBe(true);
    expect(await overdueDetail()).not.toMatch(/changed/);
  });

  it('applies once when two servers start together with changed files', async () => {
    const results = await Promise.all([
      applySqlRules(env.dataSource, { root: changedRoot }),
      applySqlRules(env.dataSource, { root: changedRoot }),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await applySqlRules(env.dataSource)).toBe(true);
  });

  it('re-creates a rule trigger that a migration dropped when the files did not change', async () => {
    const before = (await ruleTriggers()).map((t) => t.name);
    await query('DROP TRIGGER alerts_after_posting_update ON posting');
    expect(await applySqlRules(env.dataSource)).toBe(true);
    expect((await ruleTriggers()).map((t) => t.name)).toEqual(before);
  });

  it('drops and re-creates the triggers with the functions they call when a file changes', async () => {
    const before = await ruleTriggers();
    expect(await applySqlRules(env.dataSource, { root: changedRoot })).toBe(true);
    const after = await ruleTriggers();
    expect(after.map((t) => t.name)).toEqual(before.map((t) => t.name));
    expect(after.map((t) => t.oid)).not.toEqual(before.map((t) => t.oid));
    expect(await applySqlRules(env.dataSource)).toBe(true);
  });

  it('refuses to drop a rule that something outside the files depends on, changing nothing', async () => {
    await query('CREATE VIEW rules_dependent AS SELECT rules.china_today() AS d');
    try {
      await expect(applySqlRules(env.dataSource, { root: changedRoot })).rejects.toThrow(
        /depends on/,
      );
      expect(await overdueDetail()).not.toMatch(/changed/);
    } finally {
      await query('DROP VIEW rules_dependent');
    }
  });

  it('recompiles the rules after a new migration, so one that renames a column they read stops the start-up', async () => {
    // A rule function's body is not a dependency (a view's is): PostgreSQL lets a migration drop
    // or rename a column a function reads, and only the next call would fail.
    await query('ALTER TABLE posting RENAME COLUMN training_plan TO development_plan');
    await query(
      `INSERT INTO migrations ("timestamp", name) VALUES (9999999999999, 'Later9999999999999')`,
    );
    try {
      await expect(applySqlRules(env.dataSource)).rejects.toThrow(/nominal-role\.sql/);
    } finally {
      await query('ALTER TABLE posting RENAME COLUMN development_plan TO training_plan');
      await query(`DELETE FROM migrations WHERE name = 'Later9999999999999'`);
    }
    // Refused whole: the rules stay as compiled against the schema before.
    expect(await applySqlRules(env.dataSource)).toBe(false);
    expect(await overdueDetail()).not.toMatch(/changed/);
  });

  it('recompiles the rules once after a new migration that leaves them valid', async () => {
    await query(
      `INSERT INTO migrations ("timestamp", name) VALUES (9999999999999, 'Later9999999999999')`,
    );
    try {
      expect(await applySqlRules(env.dataSource)).toBe(true);
      expect(await applySqlRules(env.dataSource)).toBe(false);
    } finally {
      await query(`DELETE FROM migrations WHERE name = 'Later9999999999999'`);
    }
    expect(await applySqlRules(env.dataSource)).toBe(true);
  });

  it('names the file when a rule does not compile', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-sql-rules-broken-'));
    try {
      fs.cpSync(changedRoot, broken, { recursive: true });
      fs.writeFileSync(path.join(broken, OVERDUE), 'CREATE FUNCTION rules.oops() RETURNS int');
      await expect(applySqlRules(env.dataSource, { root: broken })).rejects.toThrow(OVERDUE);
      expect(await overdueDetail()).not.toMatch(/changed/);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('alert kinds as functions', () => {
  const functionOf = (kind: string) => `rules.alert_${kind.toLowerCase()}`;

  it('has one function of (day, posting ids) per alert kind and no other', async () => {
    const kinds = (await ruleFunctions())
      .map((f) => f.signature)
      .filter((s) => s.startsWith('rules.alert_') && s.endsWith('(date,integer[])'));
    expect(kinds.sort()).toEqual(
      Object.values(AlertKind)
        .map((k) => `${functionOf(k)}(date,integer[])`)
        .sort(),
    );
  });

  it('gives for a few postings the rows the maintained table holds open for them', async () => {
    const ids = [...Object.values(world.expected), world.quiet.id, world.cases.backfilled.id];
    const view = await query(
      `SELECT posting_id, kind, raised_on, facts FROM alert
        WHERE cleared_on IS NULL AND posting_id = ANY($1) ORDER BY posting_id, kind`,
      [ids],
    );
    expect(view.length).toBeGreaterThanOrEqual(Object.values(AlertKind).length);
    const byFunction = await query(
      Object.values(AlertKind)
        .map(
          (kind) => `SELECT posting_id, '${kind}' AS kind, raised_on, facts
            FROM ${functionOf(kind)}(rules.alert_day(), $1)`,
        )
        .join(' UNION ALL ') + ' ORDER BY posting_id, kind',
      [ids],
    );
    expect(byFunction).toEqual(view);
  });
});

describe('shared calculations', () => {
  it('counts working days in closed form as a day-by-day count by the work calendar does, for any covered span', async () => {
    // 2026-Q1 holds New Year's Day, the Spring Festival and their make-up workdays (调休上班).
    const [{ wrong, spans, weekdaysWrong }] = await query<{
      wrong: number;
      spans: number;
      weekdaysWrong: number;
    }>(
      `SELECT count(*) FILTER (WHERE c.working_days <> (SELECT count(*) FROM generate_series(
                c.first_day::timestamp, c.last_day::timestamp, interval '1 day') g(day)
              LEFT JOIN calendar_day d ON d.date = g.day::date
              WHERE coalesce(d.is_working_day, extract(isodow FROM g.day) < 6)))::int AS wrong,
              count(*) FILTER (WHERE rules.weekdays_between(c.first_day, c.last_day) <> (
                SELECT count(*) FROM generate_series(c.first_day::timestamp, c.last_day::timestamp,
                  interval '1 day') g(day) WHERE extract(isodow FROM g.day) < 6))::int
                AS "weekdaysWrong",
              count(*)::int AS spans
         FROM generate_series(0, 20) i, generate_series(0, 110) j,
           LATERAL rules.report_period_coverage('2026-Q1', date '2025-12-25' + i,
             date '2025-12-28' + j, NULL) c`,
    );
    expect(spans).toBe(21 * 111);
    expect(weekdaysWrong).toBe(0);
    expect(wrong).toBe(0);
  });

  it('counts a promotion on the day of return or on the window’s last day, not after', async () => {
    const rows = await query<{ inside: boolean }>(
      `SELECT rules.promoted_within_window(kind, day::date, '2025-06-30', 12) AS inside
         FROM (VALUES ('PROMOTED', '2025-06-30'), ('APPOINTED', '2026-06-30'),
           ('PROMOTED', '2026-07-01'), ('PROMOTED', '2025-06-29'), ('TRANSFERRED', '2025-08-01'))
           v(kind, day)`,
    );
    expect(rows.map((r) => r.inside)).toEqual([true, true, false, false, false]);
  });
});
