import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that give each unit list its page in order (issue #12):
 * - `(created_at, id)`: the CREATED_AT order had no index.
 * - `(parent_id, name COLLATE guazhi_pinyin, id)`: a unit's sub-units (and the parent filter) in
 *   the default order, name in pinyin; replaces `(parent_id)`, whose lookups use the prefix.
 */
export class UnitListIndexes1765900000300 implements MigrationInterface {
  name = 'UnitListIndexes1765900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX unit_created_at_id_idx ON unit (created_at, id);
      CREATE INDEX unit_parent_name_idx ON unit (parent_id, name COLLATE guazhi_pinyin, id);
      DROP INDEX unit_parent_id_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX unit_parent_id_idx ON unit (parent_id);
      DROP INDEX unit_parent_name_idx;
      DROP INDEX unit_created_at_id_idx;
    `);
  }
}
