import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Alerts1764600000000 } from './1764600000000-alerts';

/**
 * The alert view, corrected (same columns). An alert stands from the day after its threshold date;
 * every date is a day in China whatever the session's time zone; the latest report is the one of
 * the latest period; the on-site ratio counts only the working days the posting covers.
 */
export class AlertsV2_1764900000000 implements MigrationInterface {
  name = 'AlertsV2_1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW posting_alert AS
      WITH policy AS (SELECT * FROM policy LIMIT 1),
      today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d),
      report AS (
        SELECT r.id, r.posting_id, r.period, r.days_on_site, r.created_at,
          (r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS filed_on, b.first_day,
          (b.first_day + make_interval(months => b.months))::date - 1 AS last_day
        FROM feedback_report r, LATERAL (SELECT
          CASE WHEN r.period LIKE '%Q%'
            THEN make_date(left(r.period, 4)::int, right(r.period, 1)::int * 3 - 2, 1)
            ELSE make_date(left(r.period, 4)::int, right(r.period, 2)::int, 1) END AS first_day,
          CASE WHEN r.period LIKE '%Q%' THEN 3 ELSE 1 END AS months) b
      ),
      -- Latest by the end of its period: a report filed late for an earlier period does not
      -- hide the latest one.
      latest_report AS (
        SELECT DISTINCT ON (posting_id) *
        FROM report ORDER BY posting_id, last_day DESC, created_at DESC, id DESC
      ),
      latest_routine AS (
        SELECT DISTINCT ON (posting_id) posting_id, initiative_score, discipline_score, date
        FROM evaluation WHERE kind = 'ROUTINE' AND status <> 'DRAFT'
        ORDER BY posting_id, date DESC, id DESC
      ),
      -- Grouped once, then joined: a correlated lookup per posting into the report CTE (which
      -- has no index) took minutes at 100 000 postings.
      report_contact AS (SELECT posting_id, max(filed_on) AS d FROM report GROUP BY posting_id),
      session_contact AS (
        SELECT m.posting_id, max(s.date) AS d
        FROM mentor_session s JOIN mentorship m ON m.id = s.mentorship_id GROUP BY m.posting_id
      ),
      -- Nothing can be reported before activation, so silence counts from then at the earliest.
      last_contact AS (
        SELECT p.id AS posting_id, coalesce(p.activated_at, p.start_date) AS activated_on,
          greatest(rc.d, sc.d) AS contact_on
        FROM posting p
          LEFT JOIN report_contact rc ON rc.posting_id = p.id
          LEFT JOIN session_contact sc ON sc.posting_id = p.id
        WHERE p.status = 'ACTIVE'
      ),
      raised AS (
        -- 两不管: no mentor after the deadline, or no report and no mentor session for an interval.
        SELECT p.id AS posting_id, 'UNMANAGED_POSTING' AS kind,
          coalesce(p.activated_at, p.start_date) + policy.mentor_deadline_days + 1 AS raised_on,
          'No active mentor ' || policy.mentor_deadline_days || ' days after activation on '
            || to_char(coalesce(p.activated_at, p.start_date), 'YYYY-MM-DD') AS detail
        FROM posting p, policy, today
        WHERE p.status = 'ACTIVE'
          AND coalesce(p.activated_at, p.start_date) + policy.mentor_deadline_days < today.d
          AND NOT EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
        UNION ALL
        SELECT p.id, 'UNMANAGED_POSTING', since.d + policy.report_interval_days + 1,
          'No feedback report or mentor session for ' || policy.report_interval_days || ' days since '
            || CASE WHEN c.contact_on >= c.activated_on THEN 'the last on ' ELSE 'activation on ' END
            || to_char(since.d, 'YYYY-MM-DD')
        FROM posting p JOIN last_contact c ON c.posting_id = p.id, policy, today,
          LATERAL (SELECT greatest(c.activated_on, c.contact_on) AS d) since
        WHERE since.d + policy.report_interval_days < today.d
          AND EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
        UNION ALL
        -- 过客思想: too few days on site, or low initiative or discipline. The working days are
        -- those of the period the posting covered by the time of the report.
        SELECT p.id, 'PASSIVE_CADRE', r.filed_on,
          'On site ' || r.days_on_site || ' of ' || w.days || ' working days in ' || r.period
            || CASE WHEN s.first_day > r.first_day OR s.last_day < r.last_day
              THEN ' (' || to_char(s.first_day, 'YYYY-MM-DD') || ' – ' || to_char(s.last_day, 'YYYY-MM-DD')
                || ')' ELSE '' END
        FROM posting p JOIN latest_report r ON r.posting_id = p.id, policy, today,
          LATERAL (SELECT greatest(r.first_day, p.start_date) AS first_day,
            least(r.last_day, coalesce(p.actual_end_date, today.d), r.filed_on) AS last_day) s,
          -- timestamp, not timestamptz: the series must not follow the session's time zone.
          LATERAL (SELECT count(*)::int AS days FROM generate_series(s.first_day::timestamp,
            s.last_day::timestamp, interval '1 day') g(day) WHERE extract(isodow FROM g.day) < 6) w
        WHERE p.status = 'ACTIVE' AND r.days_on_site < policy.min_on_site_ratio * w.days
        UNION ALL
        SELECT p.id, 'PASSIVE_CADRE', e.date,
          'Latest routine evaluation: initiative ' || coalesce(e.initiative_score::text, '-') ||
          ', discipline ' || coalesce(e.discipline_score::text, '-')
        FROM posting p JOIN latest_routine e ON e.posting_id = p.id, policy
        WHERE p.status = 'ACTIVE' AND (e.initiative_score < policy.passive_score_threshold
          OR e.discipline_score < policy.passive_score_threshold)
        UNION ALL
        -- 培养不够: a nominal post, or duties or training plan missing.
        SELECT p.id, 'NOMINAL_ROLE', p.start_date,
          CASE WHEN NOT p.is_substantive THEN 'Nominal post (虚职)' ELSE 'Duties or training plan missing (三定)' END
        FROM posting p
        WHERE p.status = 'ACTIVE' AND (NOT p.is_substantive OR cardinality(p.responsibilities) = 0
          OR coalesce(btrim(p.training_plan), '') = '')
        UNION ALL
        -- 挂用结合不紧: an EXCELLENT return not promoted or appointed within the window; a
        -- promotion on the day of return counts (the timeline puts the return first).
        SELECT p.id, 'UNUSED_TALENT',
          (p.actual_end_date + make_interval(months => policy.promotion_window_months))::date + 1,
          'EXCELLENT, no promotion within ' || policy.promotion_window_months
            || ' months of return on ' || to_char(p.actual_end_date, 'YYYY-MM-DD')
        FROM posting p, policy, today
        WHERE p.status = 'COMPLETED'
          AND p.actual_end_date + make_interval(months => policy.promotion_window_months) < today.d
          AND EXISTS (SELECT 1 FROM evaluation e WHERE e.posting_id = p.id AND e.kind = 'FINAL'
            AND e.status = 'FINALIZED' AND e.grade = 'EXCELLENT')
          AND NOT EXISTS (SELECT 1 FROM career_event ce WHERE ce.cadre_id = p.cadre_id
            AND ce.kind IN ('PROMOTED', 'APPOINTED') AND ce.date >= p.actual_end_date
            AND ce.date <= p.actual_end_date + make_interval(months => policy.promotion_window_months))
        UNION ALL
        SELECT p.id, 'OVERDUE_RETURN', p.planned_end_date + 1, 'Planned end ' || to_char(p.planned_end_date, 'YYYY-MM-DD') || ' has passed'
        FROM posting p, today WHERE p.status = 'ACTIVE' AND p.planned_end_date < today.d
        UNION ALL
        SELECT p.id, 'MISSING_FINAL_EVALUATION', p.actual_end_date + policy.final_evaluation_deadline_days + 1,
          'No finalized FINAL evaluation ' || policy.final_evaluation_deadline_days
            || ' days after return on ' || to_char(p.actual_end_date, 'YYYY-MM-DD')
        FROM posting p, policy, today
        WHERE p.status = 'COMPLETED' AND p.actual_end_date + policy.final_evaluation_deadline_days < today.d
          AND NOT EXISTS (SELECT 1 FROM evaluation e WHERE e.posting_id = p.id AND e.kind = 'FINAL'
            AND e.status = 'FINALIZED')
      )
      -- One row per posting and kind (the earliest reason); the id is stable while the alert stands.
      SELECT DISTINCT ON (posting_id, kind)
        posting_id * 8 + array_position(ARRAY['UNMANAGED_POSTING','PASSIVE_CADRE','NOMINAL_ROLE',
          'UNUSED_TALENT','OVERDUE_RETURN','MISSING_FINAL_EVALUATION'], kind) AS id,
        posting_id, kind, raised_on, detail
      FROM raised ORDER BY posting_id, kind, raised_on;
    `);
  }

  /** The first definition, exactly as its own migration created it. */
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW posting_alert');
    await new Alerts1764600000000().up(q);
  }
}
