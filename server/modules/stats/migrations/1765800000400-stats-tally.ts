import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained statistics (issue #11): the tallies of stats/sql/tally.sql and the triggers that keep
 * them, after every statement that changes what a cadre contributes, for the cadres it touched.
 * The triggers call the rule functions by name, so re-creating the rules never drops them; the
 * tallies are filled when the rules are applied (after the migrations), and rebuilt when the
 * rules they are computed by change.
 */
/** What changes a cadre's contribution: the rows it is computed from, a unit's kind, the policy. */
const TRIGGERS: [string, ('INSERT' | 'UPDATE' | 'DELETE')[]][] = [
  ['posting', ['INSERT', 'UPDATE', 'DELETE']],
  ['evaluation', ['INSERT', 'UPDATE', 'DELETE']],
  ['career_event', ['INSERT', 'UPDATE', 'DELETE']],
  ['unit', ['UPDATE']],
  ['policy', ['UPDATE']],
];

/**
 * The first triggers that kept the tallies (a function outside the rules, recomputing each
 * cadre's contribution twice); replaced by those of stats/sql/tally.sql
 * (StatsTallyTriggersInRules1766000000400), whose `down` brings these back.
 */
async function createTallyTriggers(q: QueryRunner): Promise<void> {
  await q.query(`
      CREATE FUNCTION stats_tally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids int[];
      BEGIN
        -- A bulk load (the demo seed) rebuilds the tallies once at its end instead.
        IF current_setting('guazhi.stats_tally_deferred', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_TABLE_NAME = 'posting' OR TG_TABLE_NAME = 'career_event' THEN
          IF TG_OP = 'INSERT' THEN ids := ARRAY(SELECT DISTINCT cadre_id FROM new_rows);
          ELSIF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT cadre_id FROM old_rows);
          ELSE ids := ARRAY(SELECT cadre_id FROM new_rows UNION SELECT cadre_id FROM old_rows);
          END IF;
        ELSIF TG_TABLE_NAME = 'evaluation' THEN
          IF TG_OP = 'INSERT' THEN
            ids := ARRAY(SELECT DISTINCT p.cadre_id FROM new_rows r JOIN posting p ON p.id = r.posting_id);
          ELSIF TG_OP = 'DELETE' THEN
            ids := ARRAY(SELECT DISTINCT p.cadre_id FROM old_rows r JOIN posting p ON p.id = r.posting_id);
          ELSE
            ids := ARRAY(SELECT p.cadre_id FROM new_rows r JOIN posting p ON p.id = r.posting_id
              UNION SELECT p.cadre_id FROM old_rows r JOIN posting p ON p.id = r.posting_id);
          END IF;
        ELSIF TG_TABLE_NAME = 'unit' THEN
          ids := ARRAY(SELECT DISTINCT p.cadre_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN posting p ON p.receiving_unit_id = n.id WHERE n.kind IS DISTINCT FROM o.kind);
        ELSIF TG_TABLE_NAME = 'policy' THEN
          IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE n.promotion_window_months IS DISTINCT FROM o.promotion_window_months) THEN
            PERFORM rules.stats_rebuild();
          END IF;
          RETURN NULL;
        END IF;
        PERFORM rules.stats_refresh_cadres(ids);
        RETURN NULL;
      END
      $$;
  `);
  for (const [table, events] of TRIGGERS) {
    for (const event of events) {
      const name = `stats_tally_${table}_${event.toLowerCase()}`;
      const rows = {
        INSERT: 'NEW TABLE AS new_rows',
        UPDATE: 'NEW TABLE AS new_rows OLD TABLE AS old_rows',
        DELETE: 'OLD TABLE AS old_rows',
      }[event];
      await q.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${rows}
          FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed()`);
    }
  }
}

async function dropTallyTriggers(q: QueryRunner): Promise<void> {
  for (const [table, events] of TRIGGERS) {
    for (const event of events) {
      await q.query(`DROP TRIGGER stats_tally_${table}_${event.toLowerCase()} ON ${table}`);
    }
  }
  await q.query(`DROP FUNCTION stats_tally_changed()`);
}

export class StatsTally1765800000400 implements MigrationInterface {
  name = 'StatsTally1765800000400';

  /** For StatsTallyTriggersInRules1766000000400, which replaces these triggers. */
  static readonly createTriggers = createTallyTriggers;
  static readonly dropTriggers = dropTallyTriggers;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_tally (
        measure text NOT NULL,
        year_key int NOT NULL,
        g1 text NOT NULL,
        g2 text NOT NULL,
        n bigint NOT NULL,
        cadres bigint NOT NULL,
        total numeric NOT NULL,
        PRIMARY KEY (measure, year_key, g1, g2)
      );
      CREATE TABLE stats_cadre_tally (
        cadre_id int NOT NULL,
        measure text NOT NULL,
        year_key int NOT NULL,
        g1 text NOT NULL,
        g2 text NOT NULL,
        n bigint NOT NULL,
        total numeric NOT NULL,
        PRIMARY KEY (cadre_id, measure, year_key, g1, g2)
      );
      -- The definitions the tallies were last rebuilt from (tally.sql).
      CREATE TABLE stats_tally_state (
        id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        digest text NOT NULL
      );
    `);
    await createTallyTriggers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropTallyTriggers(q);
    await q.query(`
      DROP TABLE stats_tally_state;
      DROP TABLE stats_cadre_tally;
      DROP TABLE stats_tally;
    `);
  }
}
