import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that give each posting list its page in order (issue #12): a list reads the rows of its
 * page (plus one), never the other rows of the table, for every order field alone, each with the
 * status filter, and under a cadre or unit in the default order (start date).
 * - `(created_at, id)`: the CREATED_AT order had no index (a sort of every posting read).
 * - `(status, <order>, id)` for each order field: a status filter with an order; `(status, id)`
 *   walked the whole status, `(start_date, id)` skipped the other statuses (44 000 rows for 51
 *   ACTIVE postings at scale 625). They replace `(status, id)`, whose lookups they serve.
 * - `(sending_unit_id | receiving_unit_id, start_date, id)`: a unit's postings sent or received in
 *   order, and the two halves of a unit manager's read scope (BitmapOr, then a sort of that one
 *   unit's postings). They replace the `(…_unit_id, id)` indexes (foreign-key lookups use the
 *   prefix).
 * - `(sending_unit_id | receiving_unit_id, status, start_date, id)`: the same with a status
 *   filter (a unit manager's ACTIVE postings; the cadre scope's postings received and ACTIVE).
 *   Without them the planner ANDed the unit's bitmap with the status index's 26 000 rows.
 * Postings of a cadre already have `(cadre_id, start_date, id)`.
 */
export class PostingListIndexes1765900000100 implements MigrationInterface {
  name = 'PostingListIndexes1765900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX posting_created_at_id_idx ON posting (created_at, id);
      CREATE INDEX posting_status_start_date_id_idx ON posting (status, start_date, id);
      CREATE INDEX posting_status_planned_end_date_id_idx ON posting (status, planned_end_date, id);
      CREATE INDEX posting_status_created_at_id_idx ON posting (status, created_at, id);
      DROP INDEX posting_status_id_idx;
      CREATE INDEX posting_sending_unit_start_date_idx ON posting (sending_unit_id, start_date, id);
      DROP INDEX posting_sending_unit_id_idx;
      CREATE INDEX posting_receiving_unit_start_date_idx ON posting (receiving_unit_id, start_date, id);
      DROP INDEX posting_receiving_unit_id_idx;
      CREATE INDEX posting_sending_unit_status_idx ON posting (sending_unit_id, status, start_date, id);
      CREATE INDEX posting_receiving_unit_status_idx
        ON posting (receiving_unit_id, status, start_date, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX posting_receiving_unit_status_idx;
      DROP INDEX posting_sending_unit_status_idx;
      CREATE INDEX posting_receiving_unit_id_idx ON posting (receiving_unit_id, id);
      DROP INDEX posting_receiving_unit_start_date_idx;
      CREATE INDEX posting_sending_unit_id_idx ON posting (sending_unit_id, id);
      DROP INDEX posting_sending_unit_start_date_idx;
      CREATE INDEX posting_status_id_idx ON posting (status, id);
      DROP INDEX posting_status_created_at_id_idx;
      DROP INDEX posting_status_planned_end_date_id_idx;
      DROP INDEX posting_status_start_date_id_idx;
      DROP INDEX posting_created_at_id_idx;
    `);
  }
}
