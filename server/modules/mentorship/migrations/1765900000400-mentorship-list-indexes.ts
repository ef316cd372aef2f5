import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that give the root mentorship list its page in order (issue #12): neither order field
 * (START_DATE, the default, and CREATED_AT) had one, so each page sorted every mentorship read
 * (89 000 at scale 625). Mentorships of a posting already have `(posting_id, start_date, id)`, and
 * sessions of a mentorship `(mentorship_id, date, id)`.
 */
export class MentorshipListIndexes1765900000400 implements MigrationInterface {
  name = 'MentorshipListIndexes1765900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX mentorship_start_date_id_idx ON mentorship (start_date, id);
      CREATE INDEX mentorship_created_at_id_idx ON mentorship (created_at, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX mentorship_created_at_id_idx;
      DROP INDEX mentorship_start_date_id_idx;
    `);
  }
}
