-- 挂用结合不紧 (UNUSED_TALENT): a COMPLETED posting whose finalized FINAL grade is EXCELLENT, and
-- no promotion or appointment within the window after the return (career/sql/promotion-window.sql).
CREATE OR REPLACE FUNCTION rules.alert_unused_talent(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, rules.promotion_window_end(p.actual_end_date, pol.promotion_window_months) + 1,
    jsonb_build_object('windowMonths', pol.promotion_window_months,
      'returnedOn', to_char(p.actual_end_date, 'YYYY-MM-DD'))
  FROM posting p, (SELECT * FROM policy LIMIT 1) pol
  WHERE p.status = 'COMPLETED' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND rules.promotion_window_end(p.actual_end_date, pol.promotion_window_months) < on_day
    AND EXISTS (SELECT 1 FROM evaluation e WHERE e.posting_id = p.id AND e.kind = 'FINAL'
      AND e.status = 'FINALIZED' AND e.grade = 'EXCELLENT')
    AND NOT EXISTS (SELECT 1 FROM career_event ce WHERE ce.cadre_id = p.cadre_id
      AND rules.promoted_within_window(ce.kind, ce.date, p.actual_end_date,
        pol.promotion_window_months))
$$;
