-- What keeps the `alert` table current: after every statement that writes a table an alert rule
-- reads, the alerts of the postings it touched are refreshed in the same transaction, whoever
-- wrote (a mutation, an import, a script). Statement-level with transition tables, so a bulk
-- write refreshes its postings once. A session that sets `guazhi.defer_alerts` to `on` (the
-- seed) skips them and refreshes all alerts itself before it commits.
CREATE OR REPLACE FUNCTION rules.alerts_deferred() RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT coalesce(current_setting('guazhi.defer_alerts', true), '') = 'on' $$;

-- An UPDATE refreshes only the postings of rows it changed in a column some alert rule reads.
-- Each UPDATE trigger names, as its arguments, the columns of its table that no rule reads (time
-- stamps, versions, wording, who wrote it): a row that differs in those alone (a draft's comments
-- saved again, a posting's title) leaves every alert as it was. A column not named counts, so a
-- new column is judged until it is named; test/alert-maintenance.test.ts checks that no rule
-- reads a named one.

-- Tables whose rows name their posting: posting_id of the rows written (and of the rows before
-- an update, which may have named another posting).
CREATE OR REPLACE FUNCTION rules.alerts_after_posting_rows() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  ids int[];
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    ids := ARRAY(SELECT DISTINCT posting.id
      FROM changed n FULL JOIN previous o ON o.id = n.id,
        unnest(ARRAY[n.posting_id, o.posting_id]) posting (id)
      WHERE to_jsonb(n) - TG_ARGV IS DISTINCT FROM to_jsonb(o) - TG_ARGV
        AND posting.id IS NOT NULL);
    IF cardinality(ids) > 0 THEN PERFORM rules.refresh_alerts(ids); END IF;
  ELSE
    PERFORM rules.refresh_alerts(ARRAY(SELECT DISTINCT posting_id FROM changed));
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rules.alerts_after_postings() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  ids int[];
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    ids := ARRAY(SELECT n.id FROM changed n LEFT JOIN previous o ON o.id = n.id
      WHERE to_jsonb(n) - TG_ARGV IS DISTINCT FROM to_jsonb(o) - TG_ARGV);
    IF cardinality(ids) > 0 THEN PERFORM rules.refresh_alerts(ids); END IF;
  ELSE
    PERFORM rules.refresh_alerts(ARRAY(SELECT id FROM changed));
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rules.alerts_after_mentor_sessions() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  PERFORM rules.refresh_alerts(ARRAY(SELECT DISTINCT m.posting_id FROM changed c
    JOIN mentorship m ON m.id = c.mentorship_id));
  RETURN NULL;
END
$$;

-- A promotion judges the cadre's completed postings (UNUSED_TALENT).
CREATE OR REPLACE FUNCTION rules.alerts_after_career_events() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  PERFORM rules.refresh_alerts(ARRAY(SELECT p.id FROM posting p
    WHERE p.cadre_id IN (SELECT cadre_id FROM changed) AND p.status = 'COMPLETED'));
  RETURN NULL;
END
$$;

-- The work calendar weighs on every posting: all alerts, once per transaction however many days
-- it writes (setCalendarDays writes them one by one). A deferred trigger: the first of its rows to
-- fire at commit refreshes, the others find it done.
CREATE OR REPLACE FUNCTION rules.alerts_after_calendar() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  IF current_setting('guazhi.calendar_alerts_refreshed', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('guazhi.calendar_alerts_refreshed', txid_current()::text, true);
  PERFORM rules.refresh_alerts(NULL);
  RETURN NULL;
END
$$;

-- So do the policy's alert thresholds (at once); a change of anything else (weights, quota)
-- leaves them.
CREATE OR REPLACE FUNCTION rules.alerts_after_policy() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF rules.alerts_deferred() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM changed n JOIN previous o ON o.id = n.id
    WHERE (n.mentor_deadline_days, n.report_interval_days, n.min_on_site_ratio,
        n.passive_score_threshold, n.promotion_window_months, n.final_evaluation_deadline_days)
      IS DISTINCT FROM (o.mentor_deadline_days, o.report_interval_days, o.min_on_site_ratio,
        o.passive_score_threshold, o.promotion_window_months, o.final_evaluation_deadline_days))
  THEN
    PERFORM rules.refresh_alerts(NULL);
  END IF;
  RETURN NULL;
END
$$;

-- Acknowledgement and assignment are live events too.
CREATE OR REPLACE FUNCTION rules.alert_followed_up() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('alert', jsonb_build_object('alertId', NEW.id,
    'postingId', NEW.posting_id, 'kind', NEW.kind, 'change',
    CASE WHEN NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at
      THEN 'ACKNOWLEDGED' ELSE 'ASSIGNED' END));
  RETURN NULL;
END
$$;

CREATE TRIGGER alerts_after_posting_insert AFTER INSERT ON posting
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_postings();
CREATE TRIGGER alerts_after_posting_update AFTER UPDATE ON posting
  REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_postings('created_at', 'updated_at', 'version',
    'sending_unit_id', 'receiving_unit_id', 'type', 'position_title', 'position_rank',
    'frontline_area', 'termination_reason', 'candidate_id');

CREATE TRIGGER alerts_after_mentorship_insert AFTER INSERT ON mentorship
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();
CREATE TRIGGER alerts_after_mentorship_update AFTER UPDATE ON mentorship
  REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows('created_at', 'updated_at', 'mentor_id',
    'start_date');
CREATE TRIGGER alerts_after_mentorship_delete AFTER DELETE ON mentorship
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();

CREATE TRIGGER alerts_after_report_insert AFTER INSERT ON feedback_report
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();
CREATE TRIGGER alerts_after_report_update AFTER UPDATE ON feedback_report
  REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows('updated_at', 'political_conduct',
    'performance', 'problems', 'submitted_by_id', 'period_start', 'period_end');
CREATE TRIGGER alerts_after_report_delete AFTER DELETE ON feedback_report
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();

CREATE TRIGGER alerts_after_evaluation_insert AFTER INSERT ON evaluation
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();
CREATE TRIGGER alerts_after_evaluation_update AFTER UPDATE ON evaluation
  REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows('created_at', 'updated_at', 'version',
    'evaluator_id', 'political_conduct_score', 'moral_character_score', 'leadership_score',
    'work_ability_score', 'mass_line_score', 'overall_score', 'comments', 'interview_count',
    'findings', 'finalized_at');
CREATE TRIGGER alerts_after_evaluation_delete AFTER DELETE ON evaluation
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_posting_rows();

CREATE TRIGGER alerts_after_session_insert AFTER INSERT ON mentor_session
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_mentor_sessions();
CREATE TRIGGER alerts_after_session_update AFTER UPDATE ON mentor_session
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_mentor_sessions();
CREATE TRIGGER alerts_after_session_delete AFTER DELETE ON mentor_session
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_mentor_sessions();

CREATE TRIGGER alerts_after_career_insert AFTER INSERT ON career_event
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_career_events();
CREATE TRIGGER alerts_after_career_update AFTER UPDATE ON career_event
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_career_events();
CREATE TRIGGER alerts_after_career_delete AFTER DELETE ON career_event
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_career_events();

CREATE TRIGGER alerts_after_policy_update AFTER UPDATE ON policy
  REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT
  EXECUTE FUNCTION rules.alerts_after_policy();
CREATE CONSTRAINT TRIGGER alerts_after_calendar_change
  AFTER INSERT OR UPDATE OR DELETE ON calendar_day DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION rules.alerts_after_calendar();

CREATE TRIGGER alert_followed_up AFTER UPDATE OF acknowledged_at, assignee_id ON alert
  FOR EACH ROW WHEN (OLD.acknowledged_at IS DISTINCT FROM NEW.acknowledged_at
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
  EXECUTE FUNCTION rules.alert_followed_up();
