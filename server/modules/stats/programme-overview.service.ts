import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { badInput } from '../../common/errors';
import { cadrePolicy } from '../cadre/cadre.policy';
import type { PostingType } from '../posting/posting-type';
import { protectCounts, protectFinalFigures, protectPromotion, type Counted } from './stats.cells';
import { cell, protect, shown } from './stats.disclosure';
import { statsPolicy } from './stats.policy';
import { statsService } from './stats.service';
import { statsTally, type PostingYearRow } from './stats.tally';
import {
  ProgrammeOverview,
  type ExcellentQuotaUse,
  type PostingYearCount,
  type ReservePool,
} from './programme-overview.types';
import type { AlertCount, DisclosureControl, PromotionAfterReturn } from './stats.types';

/** Years the programme can have: the date columns' range is far wider, the front page's is not. */
export const FIRST_YEAR = 1949;
export const LAST_YEAR = 2199;

const MEASURES = ['started', 'active', 'completed'] as const;
type Measure = (typeof MEASURES)[number];

/**
 * A posting that began: ACTIVE or COMPLETED, or TERMINATED after it was activated (a PLANNED
 * posting cancelled ends on its start date and never had a cadre on site).
 */
const BEGAN = `(p.status IN ('ACTIVE', 'COMPLETED') OR (p.status = 'TERMINATED'
  AND (p.activated_at IS NOT NULL OR p.actual_end_date > p.start_date)))`;
const inYear = (column: string) =>
  `${column} >= make_date(:year, 1, 1) AND ${column} < make_date(:year + 1, 1, 1)`;
const CONDITION: Record<Measure, string> = {
  started: inYear('p.start_date'),
  // Every posting of the query is on site in the year (its WHERE).
  active: 'TRUE',
  completed: `p.status = 'COMPLETED' AND ${inYear('p.actual_end_date')}`,
};

function once<T>(o: ProgrammeOverview, key: string, compute: () => Promise<T>): Promise<T> {
  if (!o.computed.has(key)) o.computed.set(key, compute());
  return o.computed.get(key) as Promise<T>;
}

const ratio = (part: number, whole: number) => Math.round((part / whole) * 1000) / 1000;

/**
 * The front page's figures for one year (programmeOverview). Each starts from what the viewer may
 * read, through the same scopes and SQL as `statistics` (stats.service.ts), and analysts get the
 * same disclosure control (stats.cells.ts).
 */
export class ProgrammeOverviewService {
  /** The overview's root: each field is computed when selected, once (`computed`). */
  overview(year: number): ProgrammeOverview {
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw badInput(
        {
          en: `The year must lie between ${FIRST_YEAR} and ${LAST_YEAR}`,
          zh: `年度须在 ${FIRST_YEAR} 至 ${LAST_YEAR} 之间`,
        },
        'year',
      );
    }
    return Object.assign(new ProgrammeOverview(), { year });
  }

  /** Whether any figure was withheld, over every field (as statistics.disclosureControl). */
  async disclosureControl(ctx: Context, o: ProgrammeOverview): Promise<DisclosureControl> {
    if (!statsPolicy.suppressesSmallCells(requireViewer(ctx))) {
      return { applied: false, minCellSize: null, anySuppressed: false };
    }
    const rows: { suppressed: boolean }[][] = await Promise.all([
      this.postingsByType(ctx, o),
      this.openAlerts(ctx, o),
      this.reservePool(ctx, o).then((r) => [r]),
      this.excellentQuotaUse(ctx, o),
      this.promotionAfterReturn(ctx, o).then((r) => [r]),
    ]);
    const minCellSize = await this.minCellSize(ctx, o);
    return { applied: true, minCellSize, anySuppressed: rows.flat().some((r) => r.suppressed) };
  }

  postingsByType(ctx: Context, o: ProgrammeOverview): Promise<PostingYearCount[]> {
    return once(o, 'postingsByType', async () =>
      this.countPostings(ctx, o.year, await this.minCellSize(ctx, o)),
    );
  }

  /** Alerts standing now, by kind; the kinds sum to the alerts the viewer may list. */
  openAlerts(ctx: Context, o: ProgrammeOverview): Promise<AlertCount[]> {
    return once(o, 'openAlerts', async () =>
      protectCounts(
        await statsService.openAlertRows(ctx, {}),
        () => 'alerts',
        await this.minCellSize(ctx, o),
      ),
    );
  }

  reservePool(ctx: Context, o: ProgrammeOverview): Promise<ReservePool> {
    return once(o, 'reservePool', async () =>
      this.countReserve(ctx, await this.minCellSize(ctx, o)),
    );
  }

  excellentQuotaUse(ctx: Context, o: ProgrammeOverview): Promise<ExcellentQuotaUse[]> {
    return once(o, 'excellentQuotaUse', async () =>
      this.quotaUse(ctx, o.year, await this.minCellSize(ctx, o)),
    );
  }

  promotionAfterReturn(ctx: Context, o: ProgrammeOverview): Promise<PromotionAfterReturn> {
    return once(o, 'promotionAfterReturn', async () =>
      protectPromotion(
        await statsService.promotionRow(ctx, {}, o.year),
        await this.minCellSize(ctx, o),
      ),
    );
  }

  private minCellSize(ctx: Context, o: ProgrammeOverview): Promise<number> {
    return once(o, 'minCellSize', () => statsService.viewerMinCellSize(ctx));
  }

  /**
   * Started, on site and completed per type. Each measure's types sum to a total the overview
   * does not show (which may be known all the same), so each is protected as a grouped count.
   */
  private async countPostings(
    ctx: Context,
    year: number,
    minCellSize: number,
  ): Promise<PostingYearCount[]> {
    const rows = statsTally.answers(ctx, {})
      ? await statsTally.postingYear(ctx, year)
      : await this.livePostingYear(ctx, year);
    const cells = rows.flatMap((r) =>
      MEASURES.filter((m) => r[m] > 0).map(
        (m): { type: PostingType; measure: Measure } & Counted => ({
          type: r.type,
          measure: m,
          count: r[m],
          cadres: r[`${m}Cadres`],
        }),
      ),
    );
    const protectedCells = protectCounts(cells, (c) => c.measure, minCellSize);
    return rows.map((r) => {
      const of = (m: Measure) => protectedCells.find((c) => c.type === r.type && c.measure === m);
      const counts = Object.fromEntries(
        MEASURES.map((m) => [m, of(m) ? of(m)!.count : 0]),
      ) as Record<Measure, number | null>;
      return { type: r.type, ...counts, suppressed: MEASURES.some((m) => of(m)?.suppressed) };
    });
  }

  /** The same from the postings the viewer may read (a unit manager's: few). */
  private livePostingYear(ctx: Context, year: number): Promise<PostingYearRow[]> {
    const qb = statsService
      .postings(ctx, {})
      .andWhere(BEGAN)
      .andWhere('p.start_date < make_date(:year + 1, 1, 1)')
      .andWhere('(p.actual_end_date IS NULL OR p.actual_end_date >= make_date(:year, 1, 1))', {
        year,
      })
      .select('p.type', 'type')
      .groupBy('p.type')
      .orderBy('p.type');
    for (const m of MEASURES) {
      qb.addSelect(`count(*) FILTER (WHERE ${CONDITION[m]})::int`, m);
      qb.addSelect(statsService.cadres(ctx, CONDITION[m]), `${m}Cadres`);
    }
    return qb.getRawMany<PostingYearRow>();
  }

  /** 后备干部: in-service cadres listed in the reserve pool, among the cadres the viewer may read. */
  private async countReserve(ctx: Context, minCellSize: number): Promise<ReservePool> {
    const size = statsTally.answers(ctx, {})
      ? await statsTally.reservePool(ctx)
      : await this.liveReserve(ctx);
    const pool = cell(size, size);
    protect([pool], [], [], minCellSize);
    return { size: shown(pool), suppressed: pool.suppressed };
  }

  private async liveReserve(ctx: Context): Promise<number> {
    const qb = ctx.dataSource
      .createQueryBuilder()
      .from('cadre', 'c')
      .where(`c.is_reserve AND c.status = 'ACTIVE'`)
      .select('count(*)::int', 'size');
    cadrePolicy.read(qb, 'c', requireViewer(ctx));
    return (await qb.getRawOne<{ size: number }>())!.size;
  }

  /**
   * EXCELLENT grades against the quota's cap per receiving-unit kind: the shares of `statistics`
   * for the year, protected the same way; the cap shows with its base, the use with both.
   */
  private async quotaUse(
    ctx: Context,
    year: number,
    minCellSize: number,
  ): Promise<ExcellentQuotaUse[]> {
    const rows = await statsService.shareRows(ctx, {}, year);
    const { shares } = protectFinalFigures(null, rows, minCellSize);
    // The cap as the quota rule computes it (evaluation/sql/excellent-quota.sql).
    const caps: { cap: number }[] = await ctx.dataSource.query(
      `SELECT rules.excellent_quota_allowance(pol.excellent_quota, u.base) AS cap
         FROM unnest($1::int[]) WITH ORDINALITY u(base, i), (SELECT excellent_quota FROM policy LIMIT 1) pol
        ORDER BY u.i`,
      [rows.map((r) => r.finalEvaluations)],
    );
    return shares.map((share, i) => {
      const cap = share.finalEvaluations === null ? null : caps[i].cap;
      return {
        receivingUnitKind: share.receivingUnitKind,
        finalEvaluations: share.finalEvaluations,
        excellent: share.excellent,
        cap,
        use: cap === null || share.excellent === null ? null : ratio(share.excellent, cap),
        suppressed: share.suppressed,
      };
    });
  }
}

export const programmeOverviewService = new ProgrammeOverviewService();
