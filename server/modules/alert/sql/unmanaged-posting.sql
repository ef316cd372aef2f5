-- 两不管 (UNMANAGED_POSTING): an ACTIVE posting with no active mentor after the deadline, or
-- with a mentor but no feedback report and no mentor session for a report interval. The two
-- exclude each other, so a posting has at most one row. Deadlines count from activation, which
-- may come after the planned start (older rows: the start); an alert stands from the day after.
CREATE OR REPLACE FUNCTION rules.alert_unmanaged_posting(on_day date, posting_ids int[] DEFAULT NULL)
RETURNS TABLE (posting_id int, raised_on date, facts jsonb)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT p.id, coalesce(p.activated_at, p.start_date) + pol.mentor_deadline_days + 1,
    jsonb_build_object('reason', 'NO_MENTOR', 'deadlineDays', pol.mentor_deadline_days,
      'activatedOn', to_char(coalesce(p.activated_at, p.start_date), 'YYYY-MM-DD'))
  FROM posting p, (SELECT * FROM policy LIMIT 1) pol
  WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND coalesce(p.activated_at, p.start_date) + pol.mentor_deadline_days < on_day
    AND NOT EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
  UNION ALL
  SELECT p.id, since.d + pol.report_interval_days + 1,
    jsonb_build_object('reason', 'NO_CONTACT', 'intervalDays', pol.report_interval_days,
      'since', to_char(since.d, 'YYYY-MM-DD'),
      'sinceLastContact', coalesce(c.contact_on >= c.activated_on, false))
  FROM posting p, (SELECT * FROM policy LIMIT 1) pol,
    -- Per posting through indexes, so that a few postings cost a few lookups; nothing can be
    -- reported before activation, so silence counts from then at the earliest.
    LATERAL (SELECT coalesce(p.activated_at, p.start_date) AS activated_on, greatest(
      (SELECT (max(r.created_at) AT TIME ZONE 'Asia/Shanghai')::date
        FROM feedback_report r WHERE r.posting_id = p.id),
      (SELECT max(s.date) FROM mentorship m JOIN mentor_session s ON s.mentorship_id = m.id
        WHERE m.posting_id = p.id)) AS contact_on) c,
    LATERAL (SELECT greatest(c.activated_on, c.contact_on) AS d) since
  WHERE p.status = 'ACTIVE' AND (posting_ids IS NULL OR p.id = ANY (posting_ids))
    AND p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)
    AND since.d + pol.report_interval_days < on_day
    AND EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
$$;
