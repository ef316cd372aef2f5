-- DESIGN §3 made measurable: every (posting, kind) whose condition holds on `on_day`, of the given
-- postings or of all. Each kind's rule (the files before this one) gives at most one row per
-- posting. `facts` are what the rule measured (days, dates, thresholds; a `reason` where a kind
-- has several) and hold while the condition does; the API words them in the reader's language
-- (alert/alert-detail.ts). This is the from-scratch answer: the `alert` table maintains it
-- (refresh-alerts.sql), and a test compares the two.
CREATE OR REPLACE FUNCTION rules.alerts_on(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, kind text, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT posting_id, 'UNMANAGED_POSTING', raised_on, facts
    FROM rules.alert_unmanaged_posting(on_day, posting_ids)
  UNION ALL
  SELECT posting_id, 'PASSIVE_CADRE', raised_on, facts
    FROM rules.alert_passive_cadre(on_day, posting_ids)
  UNION ALL
  SELECT posting_id, 'NOMINAL_ROLE', raised_on, facts
    FROM rules.alert_nominal_role(on_day, posting_ids)
  UNION ALL
  SELECT posting_id, 'UNUSED_TALENT', raised_on, facts
    FROM rules.alert_unused_talent(on_day, posting_ids)
  UNION ALL
  SELECT posting_id, 'OVERDUE_RETURN', raised_on, facts
    FROM rules.alert_overdue_return(on_day, posting_ids)
  UNION ALL
  SELECT posting_id, 'MISSING_FINAL_EVALUATION', raised_on, facts
    FROM rules.alert_missing_final_evaluation(on_day, posting_ids)
$$;

-- The alerts' day: today in China, or the day of the latest sweep when that is later (a sweep
-- run for a later day moves the alerts' clock with it, so that writes after it are judged on
-- the same day as the rest; tests step time this way).
CREATE OR REPLACE FUNCTION rules.alert_day() RETURNS date
LANGUAGE sql STABLE
AS $$ SELECT greatest(rules.china_today(), (SELECT max(day) FROM alert_sweep)) $$;
