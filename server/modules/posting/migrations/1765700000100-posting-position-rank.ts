import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rank of the post held (职级, issue #10), which the posting-type rules check, and the
 * front-line area of a FRONTLINE post in an ordinary unit.
 *
 * Existing postings never recorded the rank, so it is derived from their type and their cadre's
 * rank as it is now (a cadre promoted since is read at the new rank), the way the rules read it:
 * - CROSS_DEPUTY: the deputy of the cadre's level (正科 → 副科, 正处 → 副处), else the cadre's rank;
 * - HIGHER_ASSISTANT, SCHOOL_ASSISTANT: the leader assisted, one step above the cadre (capped at
 *   the top rank);
 * - GRADUATE_ASSISTANT: 正科, the lowest leader a graduate assists (科长助理);
 * - every other type: the cadre's own rank (a posting trains, it does not promote).
 * Rows that break a rule otherwise stay as they are: the rules apply when a posting is written.
 * Their front-line area stays null; a FRONTLINE posting needs one (or a front-line receiving
 * unit) the next time it is edited.
 */
export class PostingPositionRank1765700000100 implements MigrationInterface {
  name = 'PostingPositionRank1765700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE posting ADD COLUMN position_rank text
        CHECK (position_rank IN ('STAFF','SECTION_DEPUTY','SECTION_CHIEF','DIVISION_DEPUTY','DIVISION_CHIEF','BUREAU_DEPUTY','BUREAU_CHIEF'));
      ALTER TABLE posting ADD COLUMN frontline_area text
        CHECK (frontline_area IN ('PETITIONS','CITY_CONSTRUCTION','MAJOR_PROJECTS'));
      WITH ranks(rank, step) AS (
        SELECT * FROM unnest(
          ARRAY['STAFF','SECTION_DEPUTY','SECTION_CHIEF','DIVISION_DEPUTY','DIVISION_CHIEF','BUREAU_DEPUTY','BUREAU_CHIEF'],
          ARRAY[1, 2, 3, 4, 5, 6, 7])
      )
      UPDATE posting p SET position_rank = CASE
          WHEN p.type = 'CROSS_DEPUTY' AND c.rank = 'SECTION_CHIEF' THEN 'SECTION_DEPUTY'
          WHEN p.type = 'CROSS_DEPUTY' AND c.rank = 'DIVISION_CHIEF' THEN 'DIVISION_DEPUTY'
          WHEN p.type IN ('HIGHER_ASSISTANT', 'SCHOOL_ASSISTANT') THEN
            (SELECT up.rank FROM ranks own JOIN ranks up ON up.step = least(own.step + 1, 7)
              WHERE own.rank = c.rank)
          WHEN p.type = 'GRADUATE_ASSISTANT' THEN 'SECTION_CHIEF'
          ELSE c.rank
        END
        FROM cadre c WHERE c.id = p.cadre_id;
      ALTER TABLE posting ALTER COLUMN position_rank SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE posting DROP COLUMN frontline_area, DROP COLUMN position_rank;`);
  }
}
