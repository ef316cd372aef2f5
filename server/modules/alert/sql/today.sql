-- The alerts' "today": the calendar day in China, whatever the session's time zone.
CREATE OR REPLACE FUNCTION rules.china_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date $$;
