import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reserve pool (后备干部) of programmeOverview (issue #11): in-service reserve cadres, a few
 * percent of 300 000, counted from this index instead of the whole table (by unit for managers).
 */
export class CadreReservePoolIndex1765800000200 implements MigrationInterface {
  name = 'CadreReservePoolIndex1765800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS cadre_reserve_pool_idx ON cadre (home_unit_id)
        WHERE is_reserve AND status = 'ACTIVE'
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cadre_reserve_pool_idx`);
  }
}
