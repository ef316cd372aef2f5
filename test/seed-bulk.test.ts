import { deferChecks } from '../server/seed/deferred-checks';
import { seedDemo } from '../server/seed/demo';
import { createTestEnv, type TestEnv } from './support/env';

/**
 * Issue #12: the bulk seed (scale > 1) drops foreign keys and secondary indexes while it loads and
 * rebuilds them afterwards (server/seed/deferred-checks.ts). What it leaves must be the schema the
 * migrations made, to the letter, and a row that breaks a dropped rule must still be refused.
 */
let seeded: TestEnv;
let empty: TestEnv;
const log: string[] = [];

beforeAll(async () => {
  [seeded, empty] = await Promise.all([createTestEnv(), createTestEnv()]);
  await seedDemo(seeded.dataSource, { scale: 2, log: (line) => log.push(line) });
}, 300_000);
afterAll(() => Promise.all([seeded?.close(), empty?.close()]));

/** Every index and constraint of the public schema, as PostgreSQL would recreate it. */
const CATALOGUE = `
  SELECT 'index' AS kind, indexname AS name, indexdef AS definition
  FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL
  SELECT 'constraint', c.conrelid::regclass::text || '.' || c.conname, pg_get_constraintdef(c.oid)
  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
  ORDER BY 1, 2`;

type Entry = { kind: string; name: string; definition: string };

describe('bulk seed', () => {
  it('leaves every index and constraint the migrations made, under the same names', async () => {
    const after = (await seeded.dataSource.query(CATALOGUE)) as Entry[];
    const migrated = (await empty.dataSource.query(CATALOGUE)) as Entry[];
    expect(after).toEqual(migrated);
    expect(migrated.filter((e) => e.definition.startsWith('FOREIGN KEY')).length).toBeGreaterThan(
      20,
    );
    expect(log.some((line) => /^\d+ indexes built and \d+ foreign keys checked/.test(line))).toBe(
      true,
    );
    const [{ n }] = await seeded.dataSource.query('SELECT count(*)::int AS n FROM posting');
    expect(n).toBeGreaterThan(100);
  });

  it('keeps the indexes of a table whose own row trigger reads it (mentorship_mentor_load)', async () => {
    const undo = new Error('roll back');
    const attempt = empty.dataSource.transaction(async (manager) => {
      const query = (sql: string, params?: unknown[]) => manager.query(sql, params);
      const deferred = await deferChecks(query, ['mentorship', 'debrief_posting']);
      const left = (await query(
        `SELECT tablename, indexname FROM pg_indexes
         WHERE tablename IN ('mentorship', 'debrief_posting') ORDER BY 1, 2`,
      )) as { tablename: string; indexname: string }[];
      expect(left.filter((i) => i.tablename === 'mentorship').length).toBeGreaterThan(1);
      expect(left.filter((i) => i.tablename === 'debrief_posting').map((i) => i.indexname)).toEqual(
        ['debrief_posting_pkey'],
      );
      // mentorship → posting, cadre; debrief_posting → debrief, posting.
      expect(deferred.foreignKeys).toBe(4);
      throw undo;
    });
    await expect(attempt).rejects.toBe(undo);
  });

  it('refuses, when the keys are restored, a row that broke a dropped foreign key, and rolls the schema back', async () => {
    const before = (await empty.dataSource.query(CATALOGUE)) as Entry[];
    const attempt = empty.dataSource.transaction(async (manager) => {
      const query = (sql: string, params?: unknown[]) => manager.query(sql, params);
      const deferred = await deferChecks(query, ['debrief_posting']);
      await query('INSERT INTO debrief_posting (debrief_id, posting_id) VALUES (999999, 999999)');
      await deferred.restore();
    });
    await expect(attempt).rejects.toMatchObject({ code: '23503' });
    expect(await empty.dataSource.query(CATALOGUE)).toEqual(before);
    const [{ n }] = await empty.dataSource.query('SELECT count(*)::int AS n FROM debrief_posting');
    expect(n).toBe(0);
  });
});
