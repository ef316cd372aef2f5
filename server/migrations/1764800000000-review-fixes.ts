import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Facts the first schema lacked: when a posting was activated, a finalized FINAL's frozen score. */
export class ReviewFixes1764800000000 implements MigrationInterface {
  name = 'ReviewFixes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The mentor deadline counts from activation, which may come after the planned start;
      -- rows from before this column count from their start date (coalesce in readers).
      ALTER TABLE posting ADD COLUMN activated_at date;
      UPDATE posting SET activated_at = start_date WHERE status IN ('ACTIVE', 'COMPLETED');

      -- A finalized evaluation is immutable, its overall score included: frozen at finalize.
      ALTER TABLE evaluation ADD COLUMN overall_score numeric(5,2)
        CHECK (overall_score BETWEEN 0 AND 100);

      CREATE INDEX login_failure_at_idx ON login_failure(at);
      CREATE INDEX feedback_report_posting_latest_idx ON feedback_report(posting_id, created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX feedback_report_posting_latest_idx;
      DROP INDEX login_failure_at_idx;
      ALTER TABLE evaluation DROP COLUMN overall_score;
      ALTER TABLE posting DROP COLUMN activated_at;
    `);
  }
}
