import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { idsOf } from '../../common/list';
import { alertPolicy } from '../alert/alert.policy';
import { careerPolicy } from '../career/career.policy';
import { SCORE_COLUMNS, EvaluationDimension, EvaluationKind } from '../evaluation/evaluation-enums';
import { evaluationPolicy } from '../evaluation/evaluation.policy';
import { postingPolicy } from '../posting/posting.policy';
import { POLICY_ID } from '../policy/policy.service';
import {
  protectCounts,
  protectFinalFigures,
  protectPromotion,
  type Counted,
  type PromotionRow,
  type ShareRow,
} from './stats.cells';
import { cell, protect, shown, type Cell } from './stats.disclosure';
import { statsTally } from './stats.tally';
import { statsPolicy } from './stats.policy';
import type {
  AlertCount,
  DimensionAverage,
  DisclosureControl,
  ExcellentShare,
  GradeCount,
  PostingCount,
  PromotionAfterReturn,
  Statistics,
  StatisticsFilter,
} from './stats.types';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Aggregates for dashboards and analysts. Every one starts from the postings the viewer may read
 * (the posting policy, in SQL) and reads records through their own policies, so no count reveals
 * what a list would not. Each query also counts the distinct cadres behind every figure, for the
 * disclosure control analysts get (stats.disclosure.ts); one `statistics` field computes each
 * figure once (`Statistics.computed`), so `disclosureControl` reuses what the other fields read.
 */
export class StatsService {
  /** The threshold of the viewer's disclosure control; 1 (nothing suppressed) for exact figures. */
  private minCellSize(ctx: Context, stats: Statistics): Promise<number> {
    return this.once(stats, 'minCellSize', () => this.viewerMinCellSize(ctx));
  }

  async viewerMinCellSize(ctx: Context): Promise<number> {
    if (!statsPolicy.suppressesSmallCells(requireViewer(ctx))) return 1;
    const policy = await ctx.loaders.Policy.load(POLICY_ID);
    return policy?.minCellSize ?? 1;
  }

  /**
   * The distinct cadres behind a figure, for disclosure control; 0 for exact viewers, whose
   * threshold of 1 suppresses nothing (counting distinct cadres is what made statistics slow).
   */
  cadres(ctx: Context, filter?: string): string {
    if (!statsPolicy.suppressesSmallCells(requireViewer(ctx))) return '0';
    return `count(DISTINCT p.cadre_id)${filter ? ` FILTER (WHERE ${filter})` : ''}::int`;
  }

  private once<T>(stats: Statistics, key: string, compute: () => Promise<T>): Promise<T> {
    if (!stats.computed.has(key)) stats.computed.set(key, compute());
    return stats.computed.get(key) as Promise<T>;
  }

  async disclosureControl(ctx: Context, stats: Statistics): Promise<DisclosureControl> {
    const minCellSize = await this.minCellSize(ctx, stats);
    if (!statsPolicy.suppressesSmallCells(requireViewer(ctx))) {
      return { applied: false, minCellSize: null, anySuppressed: false };
    }
    const rows: { suppressed: boolean }[][] = await Promise.all([
      this.postingCounts(ctx, stats),
      this.gradeDistribution(ctx, stats, EvaluationKind.FINAL),
      this.excellentShares(ctx, stats),
      this.dimensionAverages(ctx, stats),
      this.alertCounts(ctx, stats),
      this.promotionAfterReturn(ctx, stats).then((row) => [row]),
    ]);
    return { applied: true, minCellSize, anySuppressed: rows.flat().some((r) => r.suppressed) };
  }

  postingCounts(ctx: Context, stats: Statistics): Promise<PostingCount[]> {
    return this.once(stats, 'postingCounts', async () => {
      const rows = statsTally.answers(ctx, stats.filter, true)
        ? await statsTally.postingCounts(ctx, stats.filter)
        : await this.postings(ctx, stats.filter)
            .select('p.type', 'type')
            .addSelect('p.status', 'status')
            .addSelect('count(*)::int', 'count')
            .addSelect(this.cadres(ctx), 'cadres')
            .groupBy('p.type')
            .addGroupBy('p.status')
            .orderBy('p.type')
            .addOrderBy('p.status')
            .getRawMany<Omit<PostingCount, 'suppressed'> & Counted>();
      // The statuses of one type sum to the postings of that type.
      return protectCounts(rows, (r) => r.type, await this.minCellSize(ctx, stats));
    });
  }

  gradeDistribution(ctx: Context, stats: Statistics, kind: EvaluationKind): Promise<GradeCount[]> {
    // FINAL grades are protected with the EXCELLENT shares they add up with.
    if (kind === EvaluationKind.FINAL) return this.finalFigures(ctx, stats).then((f) => f.grades);
    return this.once(stats, `grades:${kind}`, async () =>
      protectCounts(
        await this.grades(ctx, stats, kind),
        () => kind,
        await this.minCellSize(ctx, stats),
      ),
    );
  }

  excellentShares(ctx: Context, stats: Statistics): Promise<ExcellentShare[]> {
    return this.finalFigures(ctx, stats).then((f) => f.shares);
  }

  dimensionAverages(ctx: Context, stats: Statistics): Promise<DimensionAverage[]> {
    return this.once(stats, 'dimensionAverages', async () => {
      const dimensions = Object.values(EvaluationDimension);
      let cells: Cell[];
      if (statsTally.answers(ctx, stats.filter)) {
        const tallied = await statsTally.dimensions(ctx, stats.filter);
        cells = dimensions.map((d) =>
          cell(tallied.get(d)?.average ?? null, tallied.get(d)?.cadres ?? 0),
        );
      } else cells = await this.liveDimensions(ctx, stats.filter);
      protect(cells, [], [], await this.minCellSize(ctx, stats));
      return dimensions.map((dimension, i) => ({
        dimension,
        average: shown(cells[i]),
        suppressed: cells[i].suppressed,
      }));
    });
  }

  private async liveDimensions(ctx: Context, filter: StatisticsFilter): Promise<Cell[]> {
    const qb = this.evaluations(ctx, filter)
      .andWhere(`e.status = 'FINALIZED'`)
      .select('count(*)::int', 'n');
    const dimensions = Object.values(EvaluationDimension);
    for (const dimension of dimensions) {
      const column = `e.${snake(SCORE_COLUMNS[dimension])}`;
      qb.addSelect(`round(avg(${column}), 2)::float`, dimension);
      // A mean is as small as the cadres scored on it.
      qb.addSelect(this.cadres(ctx, `${column} IS NOT NULL`), `${dimension}_cadres`);
    }
    const row = (await qb.getRawOne<Record<string, number | null>>()) ?? {};
    return dimensions.map((d) => cell(row[d] ?? null, row[`${d}_cadres`] ?? 0));
  }

  alertCounts(ctx: Context, stats: Statistics): Promise<AlertCount[]> {
    return this.once(stats, 'alertCounts', async () =>
      protectCounts(
        await this.openAlertRows(ctx, stats.filter),
        // The kinds sum to the standing alerts the viewer may list.
        () => 'alerts',
        await this.minCellSize(ctx, stats),
      ),
    );
  }

  /**
   * Standing alerts by kind over the viewer's filtered postings: the one place statistics and
   * programmeOverview read alerts: the open spells of the maintained table (tallied by kind for
   * those who read them all).
   */
  openAlertRows(
    ctx: Context,
    filter: StatisticsFilter,
  ): Promise<(Omit<AlertCount, 'suppressed' | 'count'> & Counted)[]> {
    if (statsTally.answers(ctx, filter)) return statsTally.alertRows(ctx, filter);
    const qb = ctx.dataSource
      .createQueryBuilder()
      .from('alert', 'al')
      .innerJoin('posting', 'p', 'p.id = al.posting_id')
      .where('al.cleared_on IS NULL');
    alertPolicy.read(qb, 'al', requireViewer(ctx));
    this.applyFilter(qb, filter);
    return qb
      .select('al.kind', 'kind')
      .addSelect('count(*)::int', 'count')
      .addSelect(this.cadres(ctx), 'cadres')
      .groupBy('al.kind')
      .orderBy('al.kind')
      .getRawMany();
  }

  promotionAfterReturn(ctx: Context, stats: Statistics): Promise<PromotionAfterReturn> {
    return this.once(stats, 'promotionAfterReturn', async () => {
      const row = await this.promotionRow(ctx, stats.filter);
      return protectPromotion(row, await this.minCellSize(ctx, stats));
    });
  }

  /** FINAL grades and EXCELLENT shares, protected together (they add up: stats.cells.ts). */
  private finalFigures(
    ctx: Context,
    stats: Statistics,
  ): Promise<{ grades: GradeCount[]; shares: ExcellentShare[] }> {
    return this.once(stats, 'final', async () => {
      const [grades, shares, minCellSize] = await Promise.all([
        this.grades(ctx, stats, EvaluationKind.FINAL),
        this.shareRows(ctx, stats.filter),
        this.minCellSize(ctx, stats),
      ]);
      return protectFinalFigures(grades, shares, minCellSize);
    });
  }

  private grades(
    ctx: Context,
    stats: Statistics,
    kind: EvaluationKind,
  ): Promise<(Pick<GradeCount, 'grade'> & Counted)[]> {
    if (statsTally.answers(ctx, stats.filter)) return statsTally.grades(ctx, stats.filter, kind);
    return this.evaluations(ctx, stats.filter)
      .andWhere(`e.status = 'FINALIZED' AND e.kind = :kind`, { kind })
      .select('e.grade', 'grade')
      .addSelect('count(*)::int', 'count')
      .addSelect(this.cadres(ctx), 'cadres')
      .groupBy('e.grade')
      .orderBy('e.grade')
      .getRawMany();
  }

  /** EXCELLENT quota rows per receiving-unit kind and evaluation year (all years by default). */
  shareRows(ctx: Context, filter: StatisticsFilter, year?: number): Promise<ShareRow[]> {
    if (statsTally.answers(ctx, filter)) return statsTally.shareRows(ctx, filter, year);
    const takes = 'rules.takes_excellent_quota(e.kind, e.status, e.grade)';
    return (
      this.evaluations(ctx, filter)
        .innerJoin('unit', 'ru', 'ru.id = p.receiving_unit_id')
        // The EXCELLENT quota's own base and count (evaluation/sql/excellent-quota.sql).
        .andWhere('rules.in_excellent_quota_base(e.kind, e.status)')
        .andWhere(...this.yearOf('e.date', year))
        .select('ru.kind', 'receivingUnitKind')
        .addSelect('extract(year FROM e.date)::int', 'year')
        .addSelect('count(*)::int', 'finalEvaluations')
        .addSelect(`count(*) FILTER (WHERE ${takes})::int`, 'excellent')
        .addSelect(this.cadres(ctx), 'cadres')
        .addSelect(this.cadres(ctx, takes), 'excellentCadres')
        .addSelect(this.cadres(ctx, `${takes} IS NOT TRUE`), 'otherCadres')
        .groupBy('ru.kind')
        .addGroupBy('extract(year FROM e.date)')
        .orderBy('ru.kind')
        .addOrderBy('year')
        .getRawMany<ShareRow>()
    );
  }

  /** Excellent returns (in `returnedIn` when given) and their promotions within the window. */
  async promotionRow(
    ctx: Context,
    filter: StatisticsFilter,
    returnedIn?: number,
  ): Promise<PromotionRow> {
    // The tallies count returns by the posting's start year or by the year of return, not both.
    if ((returnedIn == null || filter.year == null) && statsTally.answers(ctx, filter)) {
      return statsTally.promotionRow(ctx, filter, returnedIn);
    }
    const viewer = requireViewer(ctx);
    // Promotions count only where the viewer may read the career event (time-boxed for managers);
    // the window is the UNUSED_TALENT alert's (career/sql/promotion-window.sql).
    const promoted = ctx.dataSource
      .createQueryBuilder()
      .subQuery()
      .select('1')
      .from('career_event', 'ce')
      .where('ce.cadre_id = p.cadre_id')
      .andWhere(
        'rules.promoted_within_window(ce.kind, ce.date, p.actual_end_date, pol.promotion_window_months)',
      );
    careerPolicy.read(promoted, 'ce', viewer);
    // The EXCELLENT grade counts only where the viewer may read that evaluation.
    const excellent = ctx.dataSource
      .createQueryBuilder()
      .subQuery()
      .select('1')
      .from('evaluation', 'fe')
      .where(
        `fe.posting_id = p.id AND fe.kind = 'FINAL' AND fe.status = 'FINALIZED' AND fe.grade = 'EXCELLENT'`,
      );
    evaluationPolicy.read(excellent, 'fe', viewer);
    const isPromoted = `EXISTS ${promoted.getQuery()}`;
    const qb = this.postings(ctx, filter)
      .innerJoin('policy', 'pol', 'TRUE')
      .andWhere(`p.status = 'COMPLETED'`)
      .andWhere(...this.yearOf('p.actual_end_date', returnedIn))
      .andWhere(`EXISTS ${excellent.getQuery()}`)
      .select('count(*)::int', 'excellentReturns')
      .addSelect(`count(*) FILTER (WHERE ${isPromoted})::int`, 'promotedWithinWindow')
      .addSelect(this.cadres(ctx), 'returnCadres')
      .addSelect(this.cadres(ctx, isPromoted), 'promotedCadres')
      .addSelect(this.cadres(ctx, `NOT ${isPromoted}`), 'otherCadres')
      .setParameters({ ...excellent.getParameters(), ...promoted.getParameters() });
    return (await qb.getRawOne<PromotionRow>())!;
  }

  /** The viewer's postings, narrowed by the filter, as alias `p`. */
  postings(ctx: Context, filter: StatisticsFilter): SelectQueryBuilder<ObjectLiteral> {
    const qb = ctx.dataSource.createQueryBuilder().from('posting', 'p');
    postingPolicy.read(qb, 'p', requireViewer(ctx));
    this.applyFilter(qb, filter);
    return qb;
  }

  /** The viewer's evaluations (alias `e`) of the viewer's filtered postings (alias `p`). */
  private evaluations(ctx: Context, filter: StatisticsFilter): SelectQueryBuilder<ObjectLiteral> {
    const qb = this.postings(ctx, filter).innerJoin('evaluation', 'e', 'e.posting_id = p.id');
    evaluationPolicy.read(qb, 'e', requireViewer(ctx));
    return qb;
  }

  /** A condition on the calendar year of a date column, or none. */
  private yearOf(column: string, year: number | undefined): [string, ObjectLiteral] {
    if (year == null) return ['TRUE', {}];
    const name = `y_${column.replace(/\W/g, '_')}`;
    return [
      `${column} >= make_date(:${name}, 1, 1) AND ${column} < make_date(:${name} + 1, 1, 1)`,
      { [name]: year },
    ];
  }

  private applyFilter(qb: SelectQueryBuilder<ObjectLiteral>, filter: StatisticsFilter): void {
    const receiving = idsOf(filter.receivingUnitIds, 'Unit', 'filter.receivingUnitIds');
    const sending = idsOf(filter.sendingUnitIds, 'Unit', 'filter.sendingUnitIds');
    if (filter.year != null)
      qb.andWhere('extract(year FROM p.start_date) = :sYear', { sYear: filter.year });
    if (filter.type) qb.andWhere('p.type = ANY(:sType)', { sType: filter.type });
    if (receiving) qb.andWhere('p.receiving_unit_id = ANY(:sReceiving)', { sReceiving: receiving });
    if (sending) qb.andWhere('p.sending_unit_id = ANY(:sSending)', { sSending: sending });
  }
}

export const statsService = new StatsService();
