-- OVERDUE_RETURN: still ACTIVE after the planned end.
CREATE OR REPLACE FUNCTION rules.alert_overdue_return(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, detail text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, p.planned_end_date + 1,
    'Planned end ' || to_char(p.planned_end_date, 'YYYY-MM-DD') || ' has passed'
  FROM posting p
  WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.planned_end_date < on_day
$$;
