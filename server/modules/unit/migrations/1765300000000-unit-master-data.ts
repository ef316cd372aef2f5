import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units become master data the organisation department keeps (issue #8): a unique code (单位代码),
 * the natural key of imports, backfilled for existing rows from their id; an archive date; a
 * version for optimistic locking; names unique among the active children of one parent; and a
 * trigger that keeps the parent hierarchy free of cycles whoever writes it.
 */
export class UnitMasterData1765300000000 implements MigrationInterface {
  name = 'UnitMasterData1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit ADD COLUMN code text;
      UPDATE unit SET code = 'U' || lpad(id::text, greatest(6, length(id::text)), '0');
      ALTER TABLE unit ALTER COLUMN code SET NOT NULL;
      ALTER TABLE unit ADD CONSTRAINT unit_code_key UNIQUE (code);
      ALTER TABLE unit ADD CONSTRAINT unit_code_format CHECK (code ~ '^[0-9A-Z][0-9A-Z._-]{0,31}$');
      ALTER TABLE unit ADD COLUMN archived_on date;
      ALTER TABLE unit ADD COLUMN version int NOT NULL DEFAULT 1;
      CREATE UNIQUE INDEX unit_sibling_name_key ON unit (coalesce(parent_id, 0), name)
        WHERE archived_on IS NULL;

      -- One lock for every change of the hierarchy, taken before the walk up from the new parent:
      -- two concurrent moves (A under B, B under A) run one after the other, and the second one's
      -- walk, a new statement under READ COMMITTED, sees the first one's committed parent.
      CREATE FUNCTION unit_parent_acyclic() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('guazhi.unit.hierarchy'));
        IF EXISTS (
          WITH RECURSIVE up(id, parent_id) AS (
            SELECT id, parent_id FROM unit WHERE id = NEW.parent_id
            UNION
            SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id
          )
          SELECT 1 FROM up WHERE id = NEW.id
        ) THEN
          RAISE EXCEPTION 'unit % cannot be placed under its own descendant %', NEW.id, NEW.parent_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'unit_parent_acyclic';
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER unit_parent_acyclic BEFORE UPDATE OF parent_id ON unit
        FOR EACH ROW WHEN (NEW.parent_id IS NOT NULL AND NEW.parent_id IS DISTINCT FROM OLD.parent_id)
        EXECUTE FUNCTION unit_parent_acyclic();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER unit_parent_acyclic ON unit;
      DROP FUNCTION unit_parent_acyclic();
      DROP INDEX unit_sibling_name_key;
      ALTER TABLE unit DROP COLUMN version, DROP COLUMN archived_on, DROP COLUMN code;
    `);
  }
}
