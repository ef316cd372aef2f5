-- DESIGN §3 made measurable: one row per (posting, kind) that needs attention today, read by the
-- Alert entity, alert lists and statistics. Each kind's rule is a function of (day, posting ids)
-- giving at most one row per posting, so it can also be evaluated for a few postings. The id
-- (posting × kind) is stable while the alert stands. `facts` are the measured facts behind the
-- alert (days, dates, thresholds; a `reason` where a kind has several); the API words them in the
-- reader's language (alert/alert-detail.ts).
CREATE VIEW posting_alert AS
SELECT a.posting_id * 8 + array_position(ARRAY['UNMANAGED_POSTING', 'PASSIVE_CADRE',
    'NOMINAL_ROLE', 'UNUSED_TALENT', 'OVERDUE_RETURN', 'MISSING_FINAL_EVALUATION'], a.kind) AS id,
  a.posting_id, a.kind, a.raised_on, a.facts
FROM (
  SELECT posting_id, 'UNMANAGED_POSTING'::text AS kind, raised_on, facts
    FROM rules.alert_unmanaged_posting(rules.china_today())
  UNION ALL
  SELECT posting_id, 'PASSIVE_CADRE', raised_on, facts
    FROM rules.alert_passive_cadre(rules.china_today())
  UNION ALL
  SELECT posting_id, 'NOMINAL_ROLE', raised_on, facts
    FROM rules.alert_nominal_role(rules.china_today())
  UNION ALL
  SELECT posting_id, 'UNUSED_TALENT', raised_on, facts
    FROM rules.alert_unused_talent(rules.china_today())
  UNION ALL
  SELECT posting_id, 'OVERDUE_RETURN', raised_on, facts
    FROM rules.alert_overdue_return(rules.china_today())
  UNION ALL
  SELECT posting_id, 'MISSING_FINAL_EVALUATION', raised_on, facts
    FROM rules.alert_missing_final_evaluation(rules.china_today())
) a;
