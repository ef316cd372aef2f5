import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the statistics over evaluations (issue #11): the FINAL grades and EXCELLENT shares
 * read kind, status, grade, date and posting of every FINAL evaluation from the index alone, and
 * promotionAfterReturn finds the finalized EXCELLENT FINAL grades without visiting the others.
 */
export class EvaluationStatisticsIndexes1765800000300 implements MigrationInterface {
  name = 'EvaluationStatisticsIndexes1765800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS evaluation_kind_status_grade_idx
        ON evaluation (kind, status, grade) INCLUDE (posting_id, date);
      CREATE INDEX IF NOT EXISTS evaluation_excellent_final_idx ON evaluation (posting_id)
        WHERE kind = 'FINAL' AND status = 'FINALIZED' AND grade = 'EXCELLENT';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS evaluation_excellent_final_idx;
      DROP INDEX IF EXISTS evaluation_kind_status_grade_idx;
    `);
  }
}
