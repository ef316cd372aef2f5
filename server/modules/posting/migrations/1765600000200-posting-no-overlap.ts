import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person cannot be seconded twice at once (issue #10): no two postings of one cadre may share a
 * day. A posting holds the days from its start up to its actual end once it ended (a TERMINATED
 * posting frees the rest of its planned term), else up to its planned end. The end is exclusive
 * so that a cadre may return and leave again on one day, as the timeline orders such a day.
 * `btree_gist` lets the exclusion constraint compare `cadre_id` by equality beside the range; it is
 * a trusted extension, so a database owner without superuser rights may create it.
 */
export class PostingNoOverlap1765600000200 implements MigrationInterface {
  name = 'PostingNoOverlap1765600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      ALTER TABLE posting ADD CONSTRAINT posting_no_overlap EXCLUDE USING gist (
        cadre_id WITH =,
        daterange(start_date, coalesce(actual_end_date, planned_end_date), '[)') WITH &&
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE posting DROP CONSTRAINT posting_no_overlap;`);
  }
}
