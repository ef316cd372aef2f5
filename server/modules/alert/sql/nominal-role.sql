-- 培养不够 (NOMINAL_ROLE): an ACTIVE posting to a nominal post (虚职), or with its duties or
-- training plan missing (三定).
CREATE OR REPLACE FUNCTION rules.alert_nominal_role(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, p.start_date,
    jsonb_build_object('reason',
      CASE WHEN NOT p.is_substantive THEN 'NOMINAL_POST' ELSE 'THREE_DEFINITIONS_MISSING' END)
  FROM posting p
  WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND (NOT p.is_substantive OR cardinality(p.responsibilities) = 0
      OR coalesce(btrim(p.training_plan), '') = '')
    -- The condition does not depend on the day; the parameter keeps every kind's signature alike.
    AND on_day IS NOT NULL
$$;
