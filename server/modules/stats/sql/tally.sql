-- 统计 tallies (issue #11): what `statistics` counts over the whole programme, kept up to date so
-- that the org department and analysts (who read every posting) get it without scanning 100 000
-- postings. Each cadre's contribution is computed here from the same rules as the live queries
-- (stats.service.ts), kept per cadre in stats_cadre_tally, and summed per group in stats_tally; a
-- cadre's share of a group's `cadres` is 1 when they have a row in it, so the distinct-cadre
-- counts of disclosure control stay exact. year_key is the posting's start year, 0 for all years.
-- The tables and the triggers that call stats_refresh_cadres are in the stats module's migration.

-- PL/pgSQL for its plan, prepared once per connection: a trigger runs it for every write.
CREATE OR REPLACE FUNCTION rules.stats_cadre_contributions(ids int[])
RETURNS TABLE (cadre_id int, measure text, year_key int, g1 text, g2 text, n bigint, total numeric)
LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH p AS (SELECT * FROM posting WHERE posting.cadre_id = ANY(ids)),
  e AS (
    SELECT e.*, p.cadre_id AS of_cadre, p.start_date AS posting_start, p.receiving_unit_id AS ru_id
      FROM evaluation e JOIN p ON p.id = e.posting_id
  ),
  facts (cadre_id, measure, y, g1, g2, total) AS (
    -- postingCounts: type × status
    SELECT p.cadre_id, 'posting', extract(year FROM p.start_date)::int, p.type, p.status, 0::numeric
      FROM p
    UNION ALL
    -- gradeDistribution(kind): finalized evaluations by grade
    SELECT e.of_cadre, 'grade:' || e.kind, extract(year FROM e.posting_start)::int,
        coalesce(e.grade, ''), '', 0
      FROM e WHERE e.status = 'FINALIZED'
    UNION ALL
    -- excellentShares: the EXCELLENT quota's base, its EXCELLENT and the rest, per unit kind and year
    SELECT e.of_cadre, s.measure, extract(year FROM e.posting_start)::int, ru.kind,
        extract(year FROM e.date)::int::text, 0
      FROM e JOIN unit ru ON ru.id = e.ru_id
      CROSS JOIN LATERAL (VALUES
        ('share.base', TRUE),
        ('share.excellent', rules.takes_excellent_quota(e.kind, e.status, e.grade)),
        ('share.other', rules.takes_excellent_quota(e.kind, e.status, e.grade) IS NOT TRUE)
      ) s (measure, holds)
      WHERE rules.in_excellent_quota_base(e.kind, e.status) AND s.holds
    UNION ALL
    -- dimensionAverages: finalized scores per dimension (sum and number scored)
    SELECT e.of_cadre, 'dim', extract(year FROM e.posting_start)::int, d.dimension, '', d.score
      FROM e CROSS JOIN LATERAL (VALUES
        ('POLITICAL_CONDUCT', e.political_conduct_score),
        ('MORAL_CHARACTER', e.moral_character_score),
        ('LEADERSHIP', e.leadership_score),
        ('WORK_ABILITY', e.work_ability_score),
        ('MASS_LINE', e.mass_line_score),
        ('INITIATIVE', e.initiative_score),
        ('DISCIPLINE', e.discipline_score)
      ) d (dimension, score)
      WHERE e.status = 'FINALIZED' AND d.score IS NOT NULL
    UNION ALL
    -- promotionAfterReturn: EXCELLENT returns, promoted within the window or not
    SELECT p.cadre_id, s.measure, extract(year FROM p.start_date)::int, '', '', 0
      FROM p
      JOIN policy pol ON TRUE
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM career_event ce WHERE ce.cadre_id = p.cadre_id
          AND rules.promoted_within_window(ce.kind, ce.date, p.actual_end_date,
            pol.promotion_window_months)) AS promoted) pr
      CROSS JOIN LATERAL (VALUES
        ('promotion.returns', TRUE),
        ('promotion.promoted', pr.promoted),
        ('promotion.other', NOT pr.promoted)
      ) s (measure, holds)
      WHERE p.status = 'COMPLETED' AND s.holds
        AND EXISTS (SELECT 1 FROM evaluation fe WHERE fe.posting_id = p.id AND fe.kind = 'FINAL'
          AND fe.status = 'FINALIZED' AND fe.grade = 'EXCELLENT')
  )
  SELECT f.cadre_id, f.measure, k.year_key, f.g1, f.g2, count(*), sum(f.total)
    FROM facts f CROSS JOIN LATERAL (VALUES (0), (f.y)) k (year_key)
    GROUP BY 1, 2, 3, 4, 5;
END
$$;

-- Brings the tallies of these cadres up to date: their old contributions out, the new ones in.
CREATE OR REPLACE FUNCTION rules.stats_refresh_cadres(ids int[]) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- In key order, so that concurrent refreshes lock the shared rows in the same order.
  INSERT INTO stats_tally AS t (measure, year_key, g1, g2, n, cadres, total)
    SELECT d.measure, d.year_key, d.g1, d.g2, sum(d.n), sum(d.c), sum(d.total) FROM (
        SELECT k.measure, k.year_key, k.g1, k.g2, -k.n AS n, -1 AS c, -k.total AS total
          FROM stats_cadre_tally k WHERE k.cadre_id = ANY(ids)
        UNION ALL
        SELECT f.measure, f.year_key, f.g1, f.g2, f.n, 1, f.total
          FROM rules.stats_cadre_contributions(ids) f
      ) d
      GROUP BY 1, 2, 3, 4
      HAVING sum(d.n) <> 0 OR sum(d.c) <> 0 OR sum(d.total) <> 0
      ORDER BY 1, 2, 3, 4
    ON CONFLICT (measure, year_key, g1, g2) DO UPDATE
      SET n = t.n + excluded.n, cadres = t.cadres + excluded.cadres, total = t.total + excluded.total;
  DELETE FROM stats_cadre_tally k WHERE k.cadre_id = ANY(ids);
  INSERT INTO stats_cadre_tally SELECT * FROM rules.stats_cadre_contributions(ids);
END
$$;

-- Every tally from scratch: after a change of these rules, or of what every cadre's share reads
-- (the Policy's promotion window, a unit's kind).
CREATE OR REPLACE FUNCTION rules.stats_rebuild() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  LOCK TABLE stats_tally IN EXCLUSIVE MODE;
  DELETE FROM stats_tally;
  DELETE FROM stats_cadre_tally;
  INSERT INTO stats_cadre_tally
    SELECT * FROM rules.stats_cadre_contributions(ARRAY(SELECT DISTINCT cadre_id FROM posting));
  INSERT INTO stats_tally (measure, year_key, g1, g2, n, cadres, total)
    SELECT measure, year_key, g1, g2, sum(n), count(*), sum(total)
      FROM stats_cadre_tally GROUP BY 1, 2, 3, 4;
END
$$;

-- The rules are re-created after every new migration; the tallies are rebuilt (a minute at
-- 100 000 postings) only when what a cadre contributes may have changed: the definitions of the
-- contributions and of the rules they call.
CREATE OR REPLACE FUNCTION rules.stats_rebuild_if_changed() RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  current text := (SELECT md5(string_agg(pg_get_functiondef(oid), '' ORDER BY proname))
    FROM pg_proc WHERE pronamespace = 'rules'::regnamespace AND proname IN (
      'stats_cadre_contributions', 'takes_excellent_quota', 'in_excellent_quota_base',
      'promoted_within_window', 'promotion_window_end'));
BEGIN
  IF current IS DISTINCT FROM (SELECT digest FROM stats_tally_state) THEN
    PERFORM rules.stats_rebuild();
    INSERT INTO stats_tally_state (id, digest) VALUES (1, current)
      ON CONFLICT (id) DO UPDATE SET digest = excluded.digest;
  END IF;
END
$$;

SELECT rules.stats_rebuild_if_changed();
