-- MISSING_FINAL_EVALUATION: COMPLETED for the policy's deadline without a finalized FINAL
-- evaluation.
CREATE OR REPLACE FUNCTION rules.alert_missing_final_evaluation(
  on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, p.actual_end_date + pol.final_evaluation_deadline_days + 1,
    jsonb_build_object('deadlineDays', pol.final_evaluation_deadline_days,
      'returnedOn', to_char(p.actual_end_date, 'YYYY-MM-DD'))
  FROM posting p, (SELECT * FROM policy LIMIT 1) pol
  WHERE p.status = 'COMPLETED' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND p.actual_end_date + pol.final_evaluation_deadline_days < on_day
    AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE e.posting_id = p.id AND e.kind = 'FINAL'
      AND e.status = 'FINALIZED')
$$;
