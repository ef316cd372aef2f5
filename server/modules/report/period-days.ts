/**
 * The first and last day of a report period (`2026-Q3`, `2026-09`) as SQL over the `period`
 * column: the expressions of the generated columns `period_start` and `period_end`. Plain SQL
 * (no function call) so that PostgreSQL accepts them as immutable; the column's CHECK guarantees
 * the substrings are a year and a month or a quarter.
 */
const FIRST_MONTH = `CASE WHEN substr(period, 6, 1) = 'Q' THEN substr(period, 7, 1)::int * 3 - 2
  ELSE substr(period, 6, 2)::int END`;

export const PERIOD_START_SQL = `make_date(substr(period, 1, 4)::int, ${FIRST_MONTH}, 1)`;

export const PERIOD_END_SQL = `(${PERIOD_START_SQL}
  + CASE WHEN substr(period, 6, 1) = 'Q' THEN interval '3 months' ELSE interval '1 month' END
  - interval '1 day')::date`;
