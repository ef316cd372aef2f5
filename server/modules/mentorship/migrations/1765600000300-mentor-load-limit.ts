import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "At most 3 active mentees per mentor" held by the database too (issue #10), like one active
 * mentorship per posting: a write that bypasses `assignMentor` (a script, a seed, a future code
 * path) cannot overload a mentor. The trigger locks the mentor's cadre row first, as
 * `assignMentor` does, so two concurrent assignments count each other instead of both seeing
 * two. The limit is `MAX_ACTIVE_MENTEES` in mentoring.service.ts, which checks it first to name
 * the mentor; the error carries the constraint name that the module maps to MENTOR_OVERLOADED.
 * Kept outside the `rules` schema, which is dropped and re-created with the SQL rules.
 */
export class MentorLoadLimit1765600000300 implements MigrationInterface {
  name = 'MentorLoadLimit1765600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION mentorship_mentor_load_check() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM cadre WHERE id = NEW.mentor_id FOR UPDATE;
        IF (SELECT count(*) FROM mentorship
             WHERE mentor_id = NEW.mentor_id AND end_date IS NULL) > 3 THEN
          RAISE EXCEPTION 'mentor % would have more than 3 active mentees', NEW.mentor_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'mentorship_mentor_load';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER mentorship_mentor_load
        AFTER INSERT OR UPDATE OF mentor_id, end_date ON mentorship
        FOR EACH ROW WHEN (NEW.end_date IS NULL)
        EXECUTE FUNCTION mentorship_mentor_load_check();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER mentorship_mentor_load ON mentorship;
      DROP FUNCTION mentorship_mentor_load_check();
    `);
  }
}
