import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that give a round's candidates their page in order (issue #12): ~2 600 candidates per
 * round at scale 625 were read and sorted for each page.
 * - `(round_id, created_at, id)`: a round's candidates in the (only) order, CREATED_AT.
 * - `(round_id, status, created_at, id)`: the same with a status filter, and the per-round count of
 *   SELECTED candidates; replaces `(round_id, status)`.
 */
export class CandidateListIndexes1765900000500 implements MigrationInterface {
  name = 'CandidateListIndexes1765900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX candidate_round_created_at_idx ON candidate (round_id, created_at, id);
      CREATE INDEX candidate_round_status_created_at_idx ON candidate (round_id, status, created_at, id);
      DROP INDEX candidate_round_status_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX candidate_round_status_idx ON candidate (round_id, status);
      DROP INDEX candidate_round_status_created_at_idx;
      DROP INDEX candidate_round_created_at_idx;
    `);
  }
}
