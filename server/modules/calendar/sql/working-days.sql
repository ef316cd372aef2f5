-- 工作日: the working days from first_day to last_day inclusive, by China's work calendar:
-- Monday to Friday, less the weekdays the calendar sets off (public holidays, days off in lieu),
-- plus the weekend days it sets to work (调休上班). Read by the PASSIVE_CADRE alert (through
-- rules.report_period_coverage) and the workCalendar query, so both count the same days.
-- An empty range (first_day > last_day) has 0.

CREATE OR REPLACE FUNCTION rules.weekdays_between(first_day date, last_day date) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  -- In closed form, not by counting a series (the alert list computes it for every posting):
  -- 5 per whole week, then the weekdays among the 0–6 days left, which begin on first_day's.
  SELECT n.days / 7 * 5 + greatest(0, least(n.days % 7, 6 - n.dow))
    + greatest(0, n.days % 7 - 8 + n.dow)
  FROM (SELECT greatest(last_day - first_day + 1, 0) AS days,
      extract(isodow FROM first_day)::int AS dow) n
$$;

CREATE OR REPLACE FUNCTION rules.working_days(first_day date, last_day date) RETURNS int
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT rules.weekdays_between(first_day, last_day)
    - (count(*) FILTER (WHERE NOT d.is_working_day AND extract(isodow FROM d.date) < 6))::int
    + (count(*) FILTER (WHERE d.is_working_day AND extract(isodow FROM d.date) >= 6))::int
  FROM calendar_day d
  WHERE d.date BETWEEN first_day AND last_day
$$;
