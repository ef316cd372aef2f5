-- Live events of credentials (topic `viewer`; live/sql/publish.sql): whenever what a signed-in
-- user may do changes (role, unit, cadre, deactivation, a one-time password) or their tokens are
-- revoked (token version: logout, revokeUserTokens, a password change), {userId}; also when the
-- username changes, as every instance's cache of viewer rows must forget the row then too
-- (auth/viewer-cache.ts; a connection whose rights stay the same stays open); when an API
-- key is revoked or changed, {apiKeyId}. Every server instance then closes that viewer's
-- WebSocket connections at once: their subscriptions end, and a client that reconnects is
-- signed in again with the rights it has now (or refused). Published in the change's own
-- transaction, whichever service makes it.
CREATE OR REPLACE FUNCTION rules.user_rights_changed_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('viewer', jsonb_build_object('userId', n.id))
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.role, n.unit_id, n.cadre_id, n.is_active, n.password_change_required, n.token_version,
        n.username)
      IS DISTINCT FROM
      (o.role, o.unit_id, o.cadre_id, o.is_active, o.password_change_required, o.token_version,
        o.username)
    ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rules.user_deleted_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('viewer', jsonb_build_object('userId', o.id))
    FROM old_rows o ORDER BY o.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rules.api_key_changed_event() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM rules.publish_event('viewer', jsonb_build_object('apiKeyId', n.id))
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.role, n.unit_id, n.revoked_at, n.expires_at, n.key_hash)
      IS DISTINCT FROM (o.role, o.unit_id, o.revoked_at, o.expires_at, o.key_hash)
    ORDER BY n.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER user_rights_changed_event AFTER UPDATE ON app_user
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.user_rights_changed_event();

CREATE TRIGGER user_deleted_event AFTER DELETE ON app_user
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.user_deleted_event();

CREATE TRIGGER api_key_changed_event AFTER UPDATE ON api_key
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rules.api_key_changed_event();
