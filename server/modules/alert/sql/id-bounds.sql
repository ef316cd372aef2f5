-- The least and greatest of the posting ids a rule judges, or the bounds of all ids when it judges
-- every posting (null). Each rule says `(posting_ids IS NULL OR p.id = ANY (posting_ids))` for
-- what it judges and adds `p.id BETWEEN rules.ids_from(posting_ids) AND rules.ids_to(posting_ids)`
-- for the index: a plan made once for any ids (a generic plan, which refresh_alerts keeps for a
-- session instead of planning each write again) cannot use the first for an index, and would
-- read every posting to judge one.
CREATE OR REPLACE FUNCTION rules.ids_from(ids int[]) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN ids IS NULL THEN -2147483648 ELSE (SELECT min(i) FROM unnest(ids) i) END $$;

CREATE OR REPLACE FUNCTION rules.ids_to(ids int[]) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN ids IS NULL THEN 2147483647 ELSE (SELECT max(i) FROM unnest(ids) i) END $$;
