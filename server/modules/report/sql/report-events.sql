-- Live events of feedback reports (topic `feedbackReport`; live/sql/publish.sql): a report is
-- submitted when its row is inserted (there is no draft). The payload names both units of the
-- posting, so that a subscription by unit picks its events without reading the posting.
CREATE OR REPLACE FUNCTION rules.feedback_report_submitted_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('feedbackReport', jsonb_build_object('reportId', n.id,
      'postingId', n.posting_id, 'receivingUnitId', p.receiving_unit_id,
      'sendingUnitId', p.sending_unit_id))
    FROM new_rows n JOIN posting p ON p.id = n.posting_id ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER feedback_report_submitted_event AFTER INSERT ON feedback_report
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.feedback_report_submitted_event();
