-- OVERDUE_RETURN: still ACTIVE after the planned end.
CREATE OR REPLACE FUNCTION rules.alert_overdue_return(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, p.planned_end_date + 1,
    -- No day count: a maintained alert's facts hold while it stands (the API counts the days).
    jsonb_build_object('plannedEnd', to_char(p.planned_end_date, 'YYYY-MM-DD'))
  FROM posting p
  WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND p.planned_end_date < on_day
$$;
