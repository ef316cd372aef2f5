import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics shown to analysts suppress cells computed from too few cadres (issue #10, item 8):
 * the threshold is a programme policy, editable and audited like the others. The CHECK holds the
 * lower bound of `POLICY_LIMITS.minCellSize` in the database too; 1 turns suppression off.
 */
export class MinCellSize1765620000800 implements MigrationInterface {
  name = 'MinCellSize1765620000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE policy
        ADD COLUMN min_cell_size int NOT NULL DEFAULT 3 CHECK (min_cell_size BETWEEN 1 AND 100);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy DROP COLUMN min_cell_size;`);
  }
}
