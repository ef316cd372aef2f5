import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cadres become master data the organisation department keeps (issue #8): a status for cadres
 * who left (retired, transferred out) with its date, and a version for optimistic locking. Only
 * a serving cadre sits on a leadership team.
 */
export class CadreMasterData1765310000000 implements MigrationInterface {
  name = 'CadreMasterData1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cadre ADD COLUMN status text NOT NULL DEFAULT 'ACTIVE'
        CHECK (status IN ('ACTIVE','RETIRED','TRANSFERRED_OUT'));
      ALTER TABLE cadre ADD COLUMN departed_on date;
      ALTER TABLE cadre ADD COLUMN version int NOT NULL DEFAULT 1;
      ALTER TABLE cadre ADD CONSTRAINT cadre_departed_on_status
        CHECK ((status = 'ACTIVE') = (departed_on IS NULL));
      ALTER TABLE cadre ADD CONSTRAINT cadre_leadership_serving
        CHECK (NOT is_leadership OR status = 'ACTIVE');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cadre DROP CONSTRAINT cadre_leadership_serving,
        DROP CONSTRAINT cadre_departed_on_status,
        DROP COLUMN version, DROP COLUMN departed_on, DROP COLUMN status;
    `);
  }
}
