import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * programmeOverview (issue #11) reads the postings of a year: those returned in it (promotion
 * after return, completed) and those not yet returned (on site), both by `actual_end_date`.
 */
export class PostingReturnDateIndex1765800000150 implements MigrationInterface {
  name = 'PostingReturnDateIndex1765800000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS posting_actual_end_date_idx ON posting (actual_end_date, status)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS posting_actual_end_date_idx`);
  }
}
