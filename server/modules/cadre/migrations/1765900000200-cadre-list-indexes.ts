import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that give each cadre list its page in order (issue #12):
 * - `(created_at, id)`: the CREATED_AT order had no index (a sort of 300 000 cadres at scale 625).
 * - `(home_unit_id, name COLLATE guazhi_pinyin, id)`: a unit's cadres in the default order (name,
 *   pinyin), and a home-unit filter with it; replaces `(home_unit_id, id)` (lookups use the prefix).
 */
export class CadreListIndexes1765900000200 implements MigrationInterface {
  name = 'CadreListIndexes1765900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX cadre_created_at_id_idx ON cadre (created_at, id);
      CREATE INDEX cadre_home_unit_name_idx ON cadre (home_unit_id, name COLLATE guazhi_pinyin, id);
      DROP INDEX cadre_home_unit_id_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX cadre_home_unit_id_idx ON cadre (home_unit_id, id);
      DROP INDEX cadre_home_unit_name_idx;
      DROP INDEX cadre_created_at_id_idx;
    `);
  }
}
