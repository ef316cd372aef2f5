import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PERIOD_END_SQL, PERIOD_START_SQL } from '../period-days';

/**
 * A report's period as the days it covers (issue #10): sorted as text, `2026-10` came before
 * `2026-Q2`. The first and last day are generated from `period` by the database, so they can
 * never disagree with it; the CHECK on `period` guarantees the substrings are a year and a month
 * or a quarter. Lists sort by the first day.
 */
export class ReportPeriodDays1765600000000 implements MigrationInterface {
  name = 'ReportPeriodDays1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feedback_report
        ADD COLUMN period_start date GENERATED ALWAYS AS (${PERIOD_START_SQL}) STORED,
        ADD COLUMN period_end date GENERATED ALWAYS AS (${PERIOD_END_SQL}) STORED;
      CREATE INDEX feedback_report_period_start_id_idx ON feedback_report(period_start, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX feedback_report_period_start_id_idx;
      ALTER TABLE feedback_report DROP COLUMN period_end, DROP COLUMN period_start;
    `);
  }
}
