import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { idsOf } from '../../common/list';
import { alertPolicy } from '../alert/alert.policy';
import { careerPolicy } from '../career/career.policy';
import { SCORE_COLUMNS, EvaluationDimension, EvaluationKind } from '../evaluation/evaluation-enums';
import { evaluationPolicy } from '../evaluation/evaluation.policy';
import { postingPolicy } from '../posting/posting.policy';
import type {
  AlertCount,
  DimensionAverage,
  ExcellentShare,
  GradeCount,
  PostingCount,
  PromotionAfterReturn,
  StatisticsFilter,
} from './stats.types';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Aggregates for dashboards and analysts. Every one starts from the postings the viewer may read
 * (the posting policy, in SQL) and reads records through their own policies, so no count reveals
 * what a list would not.
 */
export class StatsService {
  postingCounts(ctx: Context, filter: StatisticsFilter): Promise<PostingCount[]> {
    return this.postings(ctx, filter)
      .select('p.type', 'type')
      .addSelect('p.status', 'status')
      .addSelect('count(*)::int', 'count')
      .groupBy('p.type')
      .addGroupBy('p.status')
      .orderBy('p.type')
      .addOrderBy('p.status')
      .getRawMany();
  }

  async gradeDistribution(
    ctx: Context,
    filter: StatisticsFilter,
    kind: EvaluationKind,
  ): Promise<GradeCount[]> {
    return this.evaluations(ctx, filter)
      .andWhere(`e.status = 'FINALIZED' AND e.kind = :kind`, { kind })
      .select('e.grade', 'grade')
      .addSelect('count(*)::int', 'count')
      .groupBy('e.grade')
      .orderBy('e.grade')
      .getRawMany();
  }

  async excellentShares(ctx: Context, filter: StatisticsFilter): Promise<ExcellentShare[]> {
    const rows = await this.evaluations(ctx, filter)
      .innerJoin('unit', 'ru', 'ru.id = p.receiving_unit_id')
      // The EXCELLENT quota's own base and count (evaluation/sql/excellent-quota.sql).
      .andWhere('rules.in_excellent_quota_base(e.kind, e.status)')
      .select('ru.kind', 'receivingUnitKind')
      .addSelect('extract(year FROM e.date)::int', 'year')
      .addSelect('count(*)::int', 'finalEvaluations')
      .addSelect(
        'count(*) FILTER (WHERE rules.takes_excellent_quota(e.kind, e.status, e.grade))::int',
        'excellent',
      )
      .groupBy('ru.kind')
      .addGroupBy('extract(year FROM e.date)')
      .orderBy('ru.kind')
      .addOrderBy('year')
      .getRawMany<Omit<ExcellentShare, 'share'>>();
    return rows.map((r) => ({
      ...r,
      share: Math.round((r.excellent / r.finalEvaluations) * 1000) / 1000,
    }));
  }

  async dimensionAverages(ctx: Context, filter: StatisticsFilter): Promise<DimensionAverage[]> {
    const qb = this.evaluations(ctx, filter)
      .andWhere(`e.status = 'FINALIZED'`)
      .select('count(*)::int', 'n');
    for (const dimension of Object.values(EvaluationDimension)) {
      qb.addSelect(`round(avg(e.${snake(SCORE_COLUMNS[dimension])}), 2)::float`, dimension);
    }
    const row = (await qb.getRawOne<Record<string, number | null>>()) ?? {};
    return Object.values(EvaluationDimension).map((dimension) => ({
      dimension,
      average: row[dimension] ?? null,
    }));
  }

  alertCounts(ctx: Context, filter: StatisticsFilter): Promise<AlertCount[]> {
    const qb = ctx.dataSource
      .createQueryBuilder()
      .from('posting_alert', 'al')
      .innerJoin('posting', 'p', 'p.id = al.posting_id');
    alertPolicy.read(qb, 'al', requireViewer(ctx));
    this.applyFilter(qb, filter);
    return qb
      .select('al.kind', 'kind')
      .addSelect('count(*)::int', 'count')
      .groupBy('al.kind')
      .orderBy('al.kind')
      .getRawMany();
  }

  async promotionAfterReturn(
    ctx: Context,
    filter: StatisticsFilter,
  ): Promise<PromotionAfterReturn> {
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
    const qb = this.postings(ctx, filter)
      .innerJoin('policy', 'pol', 'TRUE')
      .andWhere(`p.status = 'COMPLETED'`)
      .andWhere(`EXISTS ${excellent.getQuery()}`)
      .select('count(*)::int', 'excellentReturns')
      .addSelect(
        `count(*) FILTER (WHERE EXISTS ${promoted.getQuery()})::int`,
        'promotedWithinWindow',
      )
      .setParameters({ ...excellent.getParameters(), ...promoted.getParameters() });
    const row = (await qb.getRawOne<{ excellentReturns: number; promotedWithinWindow: number }>())!;
    const rate = row.excellentReturns
      ? Math.round((row.promotedWithinWindow / row.excellentReturns) * 1000) / 1000
      : null;
    return { ...row, rate };
  }

  /** The viewer's postings, narrowed by the filter, as alias `p`. */
  private postings(ctx: Context, filter: StatisticsFilter): SelectQueryBuilder<ObjectLiteral> {
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
