import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CREATED_AT order of the root evaluation list had no index (a sort of 168 000 evaluations at
 * scale 625) (issue #12). DATE has `(date, id)`; a posting's evaluations (two or three) use
 * `(posting_id, kind, date, id)`.
 */
export class EvaluationListIndexes1765900000600 implements MigrationInterface {
  name = 'EvaluationListIndexes1765900000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX evaluation_created_at_id_idx ON evaluation (created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX evaluation_created_at_id_idx`);
  }
}
