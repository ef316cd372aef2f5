-- Live events (subscriptions, issue #11). An event is a row of live_event (kept for replay) and a
-- NOTIFY on channel `guazhi_live` carrying the row as JSON ({id, topic, payload}). PostgreSQL
-- delivers a notification only when its transaction commits, and never when it rolls back, so
-- every server instance hears of a change exactly when it becomes visible. Payloads hold ids and
-- codes, never rows: a notification carries at most ~8 000 bytes, and each subscriber reads what
-- the event is about through its own row scope.
CREATE OR REPLACE FUNCTION rules.announce_event(event live_event) RETURNS void
LANGUAGE sql VOLATILE
AS $$
  SELECT pg_notify('guazhi_live', jsonb_build_object('id', event.id, 'topic', event.topic,
    'payload', event.payload)::text)
$$;

-- One event; returns its id.
CREATE OR REPLACE FUNCTION rules.publish_event(topic text, payload jsonb) RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  event live_event;
BEGIN
  INSERT INTO live_event (topic, payload) VALUES (topic, payload) RETURNING * INTO event;
  PERFORM rules.announce_event(event);
  RETURN event.id;
END
$$;
