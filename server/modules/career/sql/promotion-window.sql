-- 挂用结合: after a return, a promotion or appointment within the policy's window counts as
-- using the cadre. One on the day of return counts (the timeline puts the return first).
-- Read by the UNUSED_TALENT alert and by statistics.promotionAfterReturn.

CREATE OR REPLACE FUNCTION rules.promotion_window_end(returned_on date, window_months int)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (returned_on + make_interval(months => window_months))::date $$;

CREATE OR REPLACE FUNCTION rules.promoted_within_window(
  event_kind text, event_date date, returned_on date, window_months int)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT event_kind IN ('PROMOTED', 'APPOINTED') AND event_date >= returned_on
    AND event_date <= rules.promotion_window_end(returned_on, window_months)
$$;
