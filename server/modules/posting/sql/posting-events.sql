-- Live events of postings (topic `posting`, payload {postingId}; live/sql/publish.sql): one event
-- per posting a statement inserts or changes, published in that statement's transaction, so that
-- subscribers hear of it at commit and never of a change rolled back. Statement-level triggers
-- with transition tables: a batch (an import) publishes its rows in one pass. One trigger per
-- kind of statement: PostgreSQL refuses transition tables on a trigger of several events.
CREATE OR REPLACE FUNCTION rules.posting_inserted_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('posting', jsonb_build_object('postingId', n.id))
    FROM new_rows n ORDER BY n.id;
  RETURN NULL;
END
$$;

-- An update that leaves a row as it was (a save of unchanged values) is no event.
CREATE OR REPLACE FUNCTION rules.posting_updated_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('posting', jsonb_build_object('postingId', n.id))
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE to_jsonb(n) IS DISTINCT FROM to_jsonb(o) ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER posting_inserted_event AFTER INSERT ON posting
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.posting_inserted_event();

CREATE TRIGGER posting_updated_event AFTER UPDATE ON posting
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.posting_updated_event();
