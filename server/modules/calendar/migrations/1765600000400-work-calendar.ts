import type { MigrationInterface, QueryRunner } from 'typeorm';
import { stateCouncilDays } from '../state-council-days';

/**
 * China's work calendar (issue #10): the days the State Council's holiday notices set, holidays
 * and make-up working days (调休) alike, for every year the `chinese-days` package covers, so that
 * working days are counted as an office counts them (October 2026: 18, not 22). The organisation
 * department corrects or extends it with `setCalendarDays`.
 */
export class WorkCalendar1765600000400 implements MigrationInterface {
  name = 'WorkCalendar1765600000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_day (
        id serial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        date date NOT NULL UNIQUE,
        is_working_day boolean NOT NULL,
        name text CHECK (length(name) <= 100),
        source text NOT NULL CHECK (source IN ('STATE_COUNCIL', 'ORG_ADMIN')),
        version int NOT NULL DEFAULT 1
      );
    `);
    const days = stateCouncilDays();
    await q.query(
      `INSERT INTO calendar_day (date, is_working_day, name, source)
       SELECT d.date, d.working, d.name, 'STATE_COUNCIL'
         FROM unnest($1::date[], $2::boolean[], $3::text[]) AS d(date, working, name)`,
      [days.map((d) => d.date), days.map((d) => d.isWorkingDay), days.map((d) => d.name)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_day;`);
  }
}
