-- 优秀比例: per receiving-unit kind and calendar year, finalized EXCELLENT FINAL grades may
-- number max(1, floor(quota × the quota's base)). The base is the FINAL evaluations SUBMITTED or
-- FINALIZED: drafts do not count, so opening them cannot raise the allowance. Read by
-- finalizeEvaluation and by statistics.excellentShares.

CREATE OR REPLACE FUNCTION rules.in_excellent_quota_base(kind text, status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT kind = 'FINAL' AND status IN ('SUBMITTED', 'FINALIZED') $$;

CREATE OR REPLACE FUNCTION rules.takes_excellent_quota(kind text, status text, grade text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT kind = 'FINAL' AND status = 'FINALIZED' AND grade = 'EXCELLENT' $$;

-- numeric × int is exact: 0.57 × 100 gives 57, not 56.99….
CREATE OR REPLACE FUNCTION rules.excellent_quota_allowance(quota numeric, base int) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT greatest(1, floor(quota * base))::int $$;

-- Where a receiving-unit kind stands in a year; the caller serialises finalizations per
-- (kind, year) so that each counts what the one before it committed.
CREATE OR REPLACE FUNCTION rules.excellent_quota_standing(unit_kind text, in_year int)
RETURNS TABLE (base int, taken int, allowed int, quota float8)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT c.base, c.taken, rules.excellent_quota_allowance(pol.excellent_quota, c.base),
    pol.excellent_quota::float8
  FROM (SELECT count(*)::int AS base,
      (count(*) FILTER (WHERE rules.takes_excellent_quota(e.kind, e.status, e.grade)))::int AS taken
    FROM evaluation e
      JOIN posting p ON p.id = e.posting_id
      JOIN unit u ON u.id = p.receiving_unit_id
    WHERE rules.in_excellent_quota_base(e.kind, e.status) AND u.kind = unit_kind
      AND e.date >= make_date(in_year, 1, 1) AND e.date < make_date(in_year + 1, 1, 1)) c,
    (SELECT excellent_quota FROM policy LIMIT 1) pol
$$;
