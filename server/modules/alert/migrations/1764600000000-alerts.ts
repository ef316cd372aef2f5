import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §3 made measurable: one row per (posting, kind) that needs attention today, computed
 * from the data and the policy's thresholds, so that lists, counts and statistics agree.
 * "Today" is the date in China; working days are Monday to Friday.
 */
export class Alerts1764600000000 implements MigrationInterface {
  name = 'Alerts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW posting_alert AS
      WITH policy AS (SELECT * FROM policy LIMIT 1),
      today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d),
      latest_report AS (
        SELECT DISTINCT ON (posting_id) posting_id, period, days_on_site, created_at
        FROM feedback_report ORDER BY posting_id, created_at DESC, id DESC
      ),
      latest_routine AS (
        SELECT DISTINCT ON (posting_id) posting_id, initiative_score, discipline_score, date
        FROM evaluation WHERE kind = 'ROUTINE' AND status <> 'DRAFT'
        ORDER BY posting_id, date DESC, id DESC
      ),
      last_contact AS (
        SELECT p.id AS posting_id, greatest(
          (SELECT max(r.created_at)::date FROM feedback_report r WHERE r.posting_id = p.id),
          (SELECT max(s.date) FROM mentor_session s JOIN mentorship m ON m.id = s.mentorship_id
            WHERE m.posting_id = p.id)) AS d
        FROM posting p WHERE p.status = 'ACTIVE'
      ),
      raised AS (
        -- 两不管: no mentor after the deadline, or no report and no mentor session for an interval.
        SELECT p.id AS posting_id, 'UNMANAGED_POSTING' AS kind,
          p.start_date + policy.mentor_deadline_days AS raised_on,
          'No active mentor ' || policy.mentor_deadline_days || ' days after the start' AS detail
        FROM posting p, policy, today
        WHERE p.status = 'ACTIVE' AND p.start_date + policy.mentor_deadline_days < today.d
          AND NOT EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
        UNION ALL
        SELECT p.id, 'UNMANAGED_POSTING', coalesce(c.d, p.start_date) + policy.report_interval_days,
          'No feedback report or mentor session for ' || policy.report_interval_days || ' days'
        FROM posting p JOIN last_contact c ON c.posting_id = p.id, policy, today
        WHERE coalesce(c.d, p.start_date) + policy.report_interval_days < today.d
          AND EXISTS (SELECT 1 FROM mentorship m WHERE m.posting_id = p.id AND m.end_date IS NULL)
        UNION ALL
        -- 过客思想: too few days on site, or low initiative or discipline.
        SELECT p.id, 'PASSIVE_CADRE', r.created_at::date,
          'On site ' || r.days_on_site || ' of ' || w.days || ' working days in ' || r.period
        FROM posting p JOIN latest_report r ON r.posting_id = p.id, policy,
          LATERAL (SELECT count(*)::int AS days FROM generate_series(
            CASE WHEN r.period LIKE '%Q%'
              THEN make_date(left(r.period, 4)::int, (right(r.period, 1)::int - 1) * 3 + 1, 1)
              ELSE to_date(r.period, 'YYYY-MM') END,
            CASE WHEN r.period LIKE '%Q%'
              THEN make_date(left(r.period, 4)::int, (right(r.period, 1)::int - 1) * 3 + 1, 1) + interval '3 months - 1 day'
              ELSE to_date(r.period, 'YYYY-MM') + interval '1 month - 1 day' END,
            interval '1 day') g(day) WHERE extract(isodow FROM g.day) < 6) w
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
        -- 挂用结合不紧: an EXCELLENT return not promoted or appointed within the window.
        SELECT p.id, 'UNUSED_TALENT', (p.actual_end_date + make_interval(months => policy.promotion_window_months))::date,
          'EXCELLENT, no promotion within ' || policy.promotion_window_months || ' months of return'
        FROM posting p, policy, today
        WHERE p.status = 'COMPLETED'
          AND p.actual_end_date + make_interval(months => policy.promotion_window_months) < today.d
          AND EXISTS (SELECT 1 FROM evaluation e WHERE e.posting_id = p.id AND e.kind = 'FINAL'
            AND e.status = 'FINALIZED' AND e.grade = 'EXCELLENT')
          AND NOT EXISTS (SELECT 1 FROM career_event ce WHERE ce.cadre_id = p.cadre_id
            AND ce.kind IN ('PROMOTED', 'APPOINTED') AND ce.date > p.actual_end_date
            AND ce.date <= p.actual_end_date + make_interval(months => policy.promotion_window_months))
        UNION ALL
        SELECT p.id, 'OVERDUE_RETURN', p.planned_end_date + 1, 'Planned end ' || p.planned_end_date || ' has passed'
        FROM posting p, today WHERE p.status = 'ACTIVE' AND p.planned_end_date < today.d
        UNION ALL
        SELECT p.id, 'MISSING_FINAL_EVALUATION', p.actual_end_date + policy.final_evaluation_deadline_days,
          'No finalized FINAL evaluation ' || policy.final_evaluation_deadline_days || ' days after return'
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

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW posting_alert');
  }
}
