-- 报告期: a quarter '2026-Q3' or a month '2026-09' (feedback_report's CHECK guarantees the shape;
-- callers validate user input first). Report submission (days on site may not exceed the days
-- covered) and the PASSIVE_CADRE alert (on-site ratio of working days) read the same days here.

CREATE OR REPLACE FUNCTION rules.report_period_first_day(period text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN period LIKE '%Q%'
    THEN make_date(left(period, 4)::int, right(period, 1)::int * 3 - 2, 1)
    ELSE make_date(left(period, 4)::int, right(period, 2)::int, 1) END
$$;

CREATE OR REPLACE FUNCTION rules.report_period_last_day(period text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT (rules.report_period_first_day(period)
    + make_interval(months => CASE WHEN period LIKE '%Q%' THEN 3 ELSE 1 END))::date - 1
$$;

-- The period, and the part of it a posting covered up to as_of (a report speaks only of days
-- that have passed): calendar days and working days (China's work calendar, calendar module's
-- rules.working_days). NULL bounds are open. When nothing is covered yet, first_day > last_day
-- and both counts are 0.
CREATE OR REPLACE FUNCTION rules.report_period_coverage(
  period text, posting_start date, posting_end date, as_of date)
RETURNS TABLE (period_first_day date, period_last_day date, period_days int,
  first_day date, last_day date, days int, working_days int)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT b.first_day, b.last_day, b.last_day - b.first_day + 1, c.first_day, c.last_day,
    greatest(c.last_day - c.first_day + 1, 0), rules.working_days(c.first_day, c.last_day)
  FROM (SELECT rules.report_period_first_day(period) AS first_day,
      rules.report_period_last_day(period) AS last_day) b,
    LATERAL (SELECT greatest(b.first_day, posting_start) AS first_day,
      least(b.last_day, posting_end, as_of) AS last_day) c
$$;
