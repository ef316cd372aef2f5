import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { projectRoot } from '../common/project-root';
import { REGISTRY } from '../modules';

/**
 * Rules kept in SQL, each in the module that owns its concept (its manifest's `sqlRules`), applied
 * in the modules' order (a SQL function's body is checked against what exists when it is
 * created). They are read from the sources, not from dist/: tsc does not copy .sql files, and
 * tests run from the sources.
 */
export const SQL_RULE_FILES: readonly string[] = REGISTRY.sqlRules;

/** The schema that holds the rule functions; they are dropped and re-created as a whole. */
export const RULES_SCHEMA = 'rules';

export interface SqlRuleOptions {
  /** Where the files' paths start (tests point it at modified copies). */
  root?: string;
  files?: readonly string[];
}

interface RuleFile {
  file: string;
  sql: string;
  checksum: string;
}

function readRules({ root = projectRoot(), files = SQL_RULE_FILES }: SqlRuleOptions): RuleFile[] {
  return files.map((file) => {
    const sql = fs.readFileSync(path.join(root, file), 'utf8');
    return { file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Views the files create: re-created with the functions they call. */
function viewsOf(rules: RuleFile[]): string[] {
  return rules.flatMap((r) =>
    [...r.sql.matchAll(/^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+([\w.]+)/gim)].map((m) => m[1]),
  );
}

/**
 * Triggers the files create (`CREATE TRIGGER name … ON table`): they call rule functions, so they
 * are dropped with them and re-created by the files; a missing one makes the rules re-apply.
 */
function triggersOf(rules: RuleFile[]): { name: string; table: string }[] {
  return rules.flatMap((r) =>
    [
      ...r.sql.matchAll(
        /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+(\w+)[\s\S]*?\sON\s+([\w.]+)/gim,
      ),
    ].map((m) => ({ name: m[1], table: m[2] })),
  );
}

/** The schema the rules were last compiled against: a digest of the migrations run by then. */
async function migrationsDigest(tx: EntityManager, table: string): Promise<string> {
  const [{ names }]: { names: string }[] = await tx.query(
    `SELECT coalesce(string_agg(name, ',' ORDER BY "timestamp", name), '') AS names FROM ${table}`,
  );
  return createHash('sha256').update(names).digest('hex');
}

/** Says which rule failed, with PostgreSQL's detail (e.g. what depends on a function). */
const rethrowAs =
  (what: string) =>
  (error: Error & { detail?: string }): never => {
    const detail = error.detail ? ` (${error.detail})` : '';
    throw new Error(`SQL rules: ${what}: ${error.message}${detail}`, { cause: error });
  };

/**
 * A repeatable migration (as Flyway calls it), run after the versioned ones: when the rule files
 * differ from those last applied (by checksum), or a view or trigger they create is missing, drops
 * the rule views, the triggers calling rule functions and every function of the `rules` schema and re-creates them from the files, in one
 * transaction; likewise after a new migration, because PostgreSQL records no dependency of a
 * function on the columns its body reads (a view's it does): re-creating checks every body
 * against the migrated schema, so a migration that drops or renames such a column stops the
 * start-up here, naming the rule, instead of failing the next alert query. Drops are RESTRICT:
 * an object outside the files that depends on a rule stops the start-up instead of vanishing. An advisory lock makes concurrent starts apply once.
 * Changing a rule needs no migration; a migration that alters a column a rule view reads drops
 * the view first, and this re-creates it. Returns whether the rules were applied.
 */
export async function applySqlRules(
  dataSource: DataSource,
  options: SqlRuleOptions = {},
): Promise<boolean> {
  const rules = readRules(options);
  const views = viewsOf(rules);
  const triggers = triggersOf(rules);
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('guazhi:sql-rules'))`);
    const applied: { file: string; checksum: string }[] = await tx.query(
      `SELECT file, checksum FROM ${RULES_SCHEMA}.applied_file ORDER BY position`,
    );
    const [{ missing }]: { missing: number }[] = await tx.query(
      `SELECT ((SELECT count(*) FROM unnest($1::text[]) v WHERE to_regclass(v) IS NULL)
        + (SELECT count(*) FROM unnest($2::text[], $3::text[]) t(name, tbl)
            WHERE NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgname = t.name
              AND g.tgrelid = to_regclass(t.tbl))))::int AS missing`,
      [views, triggers.map((t) => t.name), triggers.map((t) => t.table)],
    );
    const migrations = await migrationsDigest(
      tx,
      dataSource.options.migrationsTableName ?? 'migrations',
    );
    const [{ compiledFor }]: { compiledFor: string | null }[] = await tx.query(
      `SELECT obj_description('${RULES_SCHEMA}.applied_file'::regclass, 'pg_class') AS "compiledFor"`,
    );
    const unchanged =
      applied.length === rules.length &&
      applied.every((a, i) => a.file === rules[i].file && a.checksum === rules[i].checksum);
    if (unchanged && missing === 0 && compiledFor === `migrations ${migrations}`) return false;

    for (const view of views) await tx.query(`DROP VIEW IF EXISTS ${view}`);
    // Every trigger that calls a rule function, from the files or left by earlier ones.
    const ruleTriggers: { name: string; table: string }[] = await tx.query(
      `SELECT quote_ident(g.tgname) AS name, g.tgrelid::regclass::text AS table
        FROM pg_trigger g JOIN pg_proc f ON f.oid = g.tgfoid
        WHERE f.pronamespace = $1::regnamespace AND NOT g.tgisinternal`,
      [RULES_SCHEMA],
    );
    for (const { name, table } of ruleTriggers) await tx.query(`DROP TRIGGER ${name} ON ${table}`);
    const functions: { signature: string }[] = await tx.query(
      `SELECT oid::regprocedure::text AS signature FROM pg_proc
        WHERE pronamespace = $1::regnamespace ORDER BY oid`,
      [RULES_SCHEMA],
    );
    for (const { signature } of functions) {
      await tx.query(`DROP FUNCTION ${signature}`).catch(rethrowAs(signature));
    }
    for (const rule of rules) await tx.query(rule.sql).catch(rethrowAs(rule.file));
    await tx.query(`DELETE FROM ${RULES_SCHEMA}.applied_file`);
    await tx.query(
      `INSERT INTO ${RULES_SCHEMA}.applied_file (position, file, checksum)
        SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`,
      [rules.map((_, i) => i), rules.map((r) => r.file), rules.map((r) => r.checksum)],
    );
    // A hex digest: safe to inline (COMMENT takes no parameters).
    await tx.query(`COMMENT ON TABLE ${RULES_SCHEMA}.applied_file IS 'migrations ${migrations}'`);
    return true;
  });
}
