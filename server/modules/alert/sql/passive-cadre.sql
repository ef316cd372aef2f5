-- 过客思想 (PASSIVE_CADRE): on an ACTIVE posting, the latest feedback report's days on site are
-- below the policy's share of the working days the posting covered in that period by the time
-- of the report, or the latest ROUTINE evaluation (not a draft) scores initiative or discipline
-- below the threshold. One row per posting: the earliest reason.
CREATE OR REPLACE FUNCTION rules.alert_passive_cadre(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT DISTINCT ON (a.posting_id) a.posting_id, a.raised_on, a.facts
  FROM (
    SELECT p.id AS posting_id, r.filed_on AS raised_on,
      -- `from`/`to`: the days of the period the posting covered, null when it covered all of it.
      jsonb_build_object('reason', 'DAYS_ON_SITE', 'daysOnSite', r.days_on_site,
        'workingDays', w.working_days, 'period', r.period,
        'from', CASE WHEN w.first_day > w.period_first_day OR w.last_day < w.period_last_day
          THEN to_char(w.first_day, 'YYYY-MM-DD') END,
        'to', CASE WHEN w.first_day > w.period_first_day OR w.last_day < w.period_last_day
          THEN to_char(w.last_day, 'YYYY-MM-DD') END) AS facts
    FROM posting p, (SELECT * FROM policy LIMIT 1) pol,
      -- Latest by the end of its period: a report filed late for an earlier period does not
      -- hide the latest one.
      LATERAL (SELECT r.period, r.days_on_site,
          (r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS filed_on
        FROM feedback_report r WHERE r.posting_id = p.id
        ORDER BY rules.report_period_last_day(r.period) DESC, r.created_at DESC, r.id DESC
        LIMIT 1) r,
      LATERAL rules.report_period_coverage(r.period, p.start_date,
        coalesce(p.actual_end_date, on_day), r.filed_on) w
    WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
      AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
      AND r.days_on_site < pol.min_on_site_ratio * w.working_days
    UNION ALL
    SELECT p.id, e.date,
      jsonb_build_object('reason', 'LOW_SCORES', 'initiative', e.initiative_score,
        'discipline', e.discipline_score)
    FROM posting p, (SELECT * FROM policy LIMIT 1) pol,
      LATERAL (SELECT e.initiative_score, e.discipline_score, e.date
        FROM evaluation e
        WHERE e.posting_id = p.id AND e.kind = 'ROUTINE' AND e.status <> 'DRAFT'
        ORDER BY e.date DESC, e.id DESC LIMIT 1) e
    WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
      AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
      AND (e.initiative_score < pol.passive_score_threshold
        OR e.discipline_score < pol.passive_score_threshold)
  ) a
  ORDER BY a.posting_id, a.raised_on
$$;
