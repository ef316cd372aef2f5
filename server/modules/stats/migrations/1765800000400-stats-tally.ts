import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained statistics (issue #11): the tallies of stats/sql/tally.sql and the triggers that keep
 * them, after every statement that changes what a cadre contributes, for the cadres it touched.
 * The triggers call the rule functions by name, so re-creating the rules never drops them; the
 * tallies are filled when the rules are applied (after the migrations).
 */
export class StatsTally1765800000400 implements MigrationInterface {
  name = 'StatsTally1765800000400';

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

      CREATE FUNCTION stats_tally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids int[];
      BEGIN
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

      CREATE TRIGGER stats_tally_posting_insert AFTER INSERT ON posting
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_posting_update AFTER UPDATE ON posting
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_posting_delete AFTER DELETE ON posting
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_evaluation_insert AFTER INSERT ON evaluation
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_evaluation_update AFTER UPDATE ON evaluation
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_evaluation_delete AFTER DELETE ON evaluation
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_career_insert AFTER INSERT ON career_event
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_career_update AFTER UPDATE ON career_event
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_career_delete AFTER DELETE ON career_event
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_unit_update AFTER UPDATE ON unit
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
      CREATE TRIGGER stats_tally_policy_update AFTER UPDATE ON policy
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_tally_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER stats_tally_posting_insert ON posting;
      DROP TRIGGER stats_tally_posting_update ON posting;
      DROP TRIGGER stats_tally_posting_delete ON posting;
      DROP TRIGGER stats_tally_evaluation_insert ON evaluation;
      DROP TRIGGER stats_tally_evaluation_update ON evaluation;
      DROP TRIGGER stats_tally_evaluation_delete ON evaluation;
      DROP TRIGGER stats_tally_career_insert ON career_event;
      DROP TRIGGER stats_tally_career_update ON career_event;
      DROP TRIGGER stats_tally_career_delete ON career_event;
      DROP TRIGGER stats_tally_unit_update ON unit;
      DROP TRIGGER stats_tally_policy_update ON policy;
      DROP FUNCTION stats_tally_changed();
      DROP TABLE stats_cadre_tally;
      DROP TABLE stats_tally;
    `);
  }
}
