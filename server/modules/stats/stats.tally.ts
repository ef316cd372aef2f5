import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { everything } from '../../common/scope';
import { poolQuery } from '../../db/pool-read';
import { alertPolicy } from '../alert/alert.policy';
import { cadrePolicy } from '../cadre/cadre.policy';
import { careerPolicy } from '../career/career.policy';
import type { EvaluationKind } from '../evaluation/evaluation-enums';
import { evaluationPolicy } from '../evaluation/evaluation.policy';
import { postingPolicy } from '../posting/posting.policy';
import type { Counted, PromotionRow, ShareRow } from './stats.cells';
import type { AlertCount, GradeCount, PostingCount, StatisticsFilter } from './stats.types';
import type { PostingType } from '../posting/posting-type';

/** One type's row of programmeOverview.postingsByType, before disclosure control. */
export type PostingYearRow = { type: PostingType } & Record<
  'started' | 'active' | 'completed' | 'startedCadres' | 'activeCadres' | 'completedCadres',
  number
>;

/**
 * Statistics read from the maintained tallies (stats/sql/tally.sql) instead of the rows. They
 * count every posting, evaluation and career event, so they answer only a viewer whose read
 * scopes are `everything` on all of them (the org department, analysts) and a filter the tallies
 * are keyed by: the start year, and the posting type for postingCounts (one of its groups). Any
 * other question goes to the live queries, which then read few rows (a unit's postings).
 */
export const statsTally = {
  /** Whether the tallies answer this viewer and filter; `byType`: the figure is grouped by type. */
  answers(ctx: Context, filter: StatisticsFilter, byType = false): boolean {
    const { role } = requireViewer(ctx);
    const readsAll = [
      postingPolicy.read,
      evaluationPolicy.read,
      careerPolicy.read,
      alertPolicy.read,
      cadrePolicy.read,
    ].every((scope) => Object.hasOwn(scope.byRole, role) && scope.byRole[role] === everything);
    return (
      readsAll &&
      filter.receivingUnitIds == null &&
      filter.sendingUnitIds == null &&
      (byType || filter.type == null)
    );
  },

  /** Whether the viewer reads every alert, so that `openAlerts` is their count. */
  readsAllAlerts(ctx: Context): boolean {
    const { role } = requireViewer(ctx);
    const scope = alertPolicy.read;
    return Object.hasOwn(scope.byRole, role) && scope.byRole[role] === everything;
  },

  /**
   * Open alerts of every posting, from the tallies' all-years row per kind. `alerts { totalCount }`
   * of the whole open list reads this for a viewer who `readsAllAlerts` instead of counting
   * ~20 000 rows per request at 100 000 postings (3.5 ms of PostgreSQL's time).
   */
  async openAlerts(ctx: Context): Promise<number> {
    // Prepared: every dashboard's first request reads it.
    const [{ n }] = await poolQuery<{ n: number }>(
      ctx.dataSource,
      `SELECT coalesce(sum(n), 0)::int AS n FROM stats_tally WHERE measure = 'alert' AND year_key = 0`,
      [],
      true,
    );
    return n;
  },

  postingCounts(
    ctx: Context,
    filter: StatisticsFilter,
  ): Promise<(Omit<PostingCount, 'suppressed'> & Counted)[]> {
    return ctx.dataSource.query(
      `SELECT g1 AS type, g2 AS status, n::int AS count, cadres::int AS cadres FROM stats_tally
        WHERE measure = 'posting' AND year_key = $1 AND n > 0 AND ($2::text[] IS NULL OR g1 = ANY($2))
        ORDER BY g1, g2`,
      [filter.year ?? 0, filter.type ?? null],
    );
  },

  grades(
    ctx: Context,
    filter: StatisticsFilter,
    kind: EvaluationKind,
  ): Promise<(Pick<GradeCount, 'grade'> & Counted)[]> {
    return ctx.dataSource.query(
      `SELECT nullif(g1, '') AS grade, n::int AS count, cadres::int AS cadres FROM stats_tally
        WHERE measure = 'grade:' || $2 AND year_key = $1 AND n > 0 ORDER BY g1`,
      [filter.year ?? 0, kind],
    );
  },

  shareRows(ctx: Context, filter: StatisticsFilter, year?: number): Promise<ShareRow[]> {
    return ctx.dataSource.query(
      `SELECT b.g1 AS "receivingUnitKind", b.g2::int AS year, b.n::int AS "finalEvaluations",
          coalesce(x.n, 0)::int AS excellent, b.cadres::int AS cadres,
          coalesce(x.cadres, 0)::int AS "excellentCadres", coalesce(o.cadres, 0)::int AS "otherCadres"
        FROM stats_tally b
        LEFT JOIN stats_tally x ON x.measure = 'share.excellent' AND x.year_key = b.year_key
          AND x.g1 = b.g1 AND x.g2 = b.g2
        LEFT JOIN stats_tally o ON o.measure = 'share.other' AND o.year_key = b.year_key
          AND o.g1 = b.g1 AND o.g2 = b.g2
        WHERE b.measure = 'share.base' AND b.year_key = $1 AND b.n > 0
          AND ($2::text IS NULL OR b.g2 = $2)
        ORDER BY b.g1, b.g2::int`,
      [filter.year ?? 0, year == null ? null : String(year)],
    );
  },

  /** 后备干部 in service (programmeOverview.reservePool). */
  async reservePool(ctx: Context): Promise<number> {
    const [row]: { size: number }[] = await ctx.dataSource.query(
      `SELECT coalesce(sum(n), 0)::int AS size FROM stats_tally
        WHERE measure = 'ov.reserve' AND year_key = 0`,
    );
    return row.size;
  },

  /** Standing alerts by kind, of postings started in the filter's year (or any). */
  alertRows(
    ctx: Context,
    filter: StatisticsFilter,
  ): Promise<(Omit<AlertCount, 'suppressed' | 'count'> & Counted)[]> {
    return ctx.dataSource.query(
      `SELECT g1 AS kind, n::int AS count, cadres::int AS cadres FROM stats_tally
        WHERE measure = 'alert' AND year_key = $1 AND n > 0 ORDER BY g1`,
      [filter.year ?? 0],
    );
  },

  /** Per dimension: the mean as `avg` rounds it, and the cadres scored on it. */
  async dimensions(
    ctx: Context,
    filter: StatisticsFilter,
  ): Promise<Map<string, { average: number | null; cadres: number }>> {
    const rows: { dimension: string; average: number | null; cadres: number }[] =
      await ctx.dataSource.query(
        `SELECT g1 AS dimension, round(total / n, 2)::float AS average, cadres::int AS cadres
          FROM stats_tally WHERE measure = 'dim' AND year_key = $1 AND n > 0`,
        [filter.year ?? 0],
      );
    return new Map(rows.map((r) => [r.dimension, r]));
  },

  /**
   * programmeOverview's postings that began, per type: started, on site and completed in `year`
   * with the distinct cadres of each (the ov.* measures; an open posting is on site every year
   * from its start, so its rows up to the year are summed). Types with none on site are left out.
   */
  postingYear(ctx: Context, year: number): Promise<PostingYearRow[]> {
    return ctx.dataSource.query(
      `SELECT g1 AS type,
          coalesce(sum(n) FILTER (WHERE measure = 'ov.started' AND year_key = $1), 0)::int AS started,
          coalesce(sum(cadres) FILTER (WHERE measure = 'ov.started' AND year_key = $1), 0)::int
            AS "startedCadres",
          coalesce(sum(n) FILTER (WHERE measure = 'ov.active' AND year_key = $1
            OR measure = 'ov.open'), 0)::int AS active,
          coalesce(sum(cadres) FILTER (WHERE measure = 'ov.active.cadre' AND year_key = $1
            OR measure = 'ov.open.cadre'), 0)::int AS "activeCadres",
          coalesce(sum(n) FILTER (WHERE measure = 'ov.completed' AND year_key = $1), 0)::int
            AS completed,
          coalesce(sum(cadres) FILTER (WHERE measure = 'ov.completed' AND year_key = $1), 0)::int
            AS "completedCadres"
        FROM stats_tally
        WHERE measure IN ('ov.started', 'ov.completed', 'ov.active', 'ov.active.cadre', 'ov.open',
            'ov.open.cadre') AND year_key <= $1
        GROUP BY g1
        HAVING coalesce(sum(n) FILTER (WHERE measure = 'ov.active' AND year_key = $1
            OR measure = 'ov.open'), 0) > 0
        ORDER BY g1`,
      [year],
    );
  },

  /**
   * Excellent returns by the posting's start year (statistics' filter), or with `returnedIn` by
   * the year of return (programmeOverview: the ov.* measures).
   */
  async promotionRow(
    ctx: Context,
    filter: StatisticsFilter,
    returnedIn?: number,
  ): Promise<PromotionRow> {
    const prefix = returnedIn == null ? 'promotion.' : 'ov.promotion.';
    const rows: { measure: string; n: number; cadres: number }[] = await ctx.dataSource.query(
      `SELECT measure, n::int AS n, cadres::int AS cadres FROM stats_tally
        WHERE measure IN ($2 || 'returns', $2 || 'promoted', $2 || 'other') AND year_key = $1`,
      [returnedIn ?? filter.year ?? 0, prefix],
    );
    const of = (m: string) => rows.find((r) => r.measure === prefix + m) ?? { n: 0, cadres: 0 };
    return {
      excellentReturns: of('returns').n,
      promotedWithinWindow: of('promoted').n,
      returnCadres: of('returns').cadres,
      promotedCadres: of('promoted').cadres,
      otherCadres: of('other').cadres,
    };
  },
};
