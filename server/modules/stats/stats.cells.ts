import {
  cell,
  protect,
  shown,
  type Cell,
  type Dependency,
  type Relation,
} from './stats.disclosure';
import type { ExcellentShare, GradeCount, PromotionAfterReturn } from './stats.types';
import { Grade } from '../evaluation/evaluation-enums';

/**
 * The figures of each statistic as cells, with the relations they add up in, protected by
 * stats.disclosure.ts and turned into what GraphQL shows. Pure: the rows come from the service's
 * SQL, each with the distinct cadres behind every figure.
 */

/** A grouped count row as the queries return it: the count and the distinct cadres behind it. */
export interface Counted {
  count: number;
  cadres: number;
}

/** One receiving-unit kind and year of the EXCELLENT quota. */
export interface ShareRow {
  receivingUnitKind: ExcellentShare['receivingUnitKind'];
  year: number;
  finalEvaluations: number;
  excellent: number;
  cadres: number;
  excellentCadres: number;
  /** Cadres of the row's evaluations not counted EXCELLENT. */
  otherCadres: number;
}

export interface PromotionRow {
  excellentReturns: number;
  promotedWithinWindow: number;
  returnCadres: number;
  promotedCadres: number;
  /** Cadres of the excellent returns not promoted within the window. */
  otherCadres: number;
}

const ratio = (part: number, whole: number) => Math.round((part / whole) * 1000) / 1000;

/**
 * Grouped counts: rows of the same `group` sum to a total statistics does not show (postings of
 * one type, grades of one kind, alerts), which may be known elsewhere all the same.
 */
export function protectCounts<R extends Counted>(
  rows: R[],
  group: (row: R) => string,
  minCellSize: number,
): (Omit<R, keyof Counted> & { count: number | null; suppressed: boolean })[] {
  const cells = rows.map((r) => cell(r.count, r.cadres, { atLeastOne: true }));
  const groups = new Map<string, Cell[]>();
  rows.forEach((r, i) => groups.set(group(r), [...(groups.get(group(r)) ?? []), cells[i]]));
  protect(
    cells,
    [...groups.values()].map((parts) => ({ parts, total: null })),
    [],
    minCellSize,
  );
  return rows.map(({ count: _count, cadres: _cadres, ...row }, i) => ({
    ...row,
    count: shown(cells[i]),
    suppressed: cells[i].suppressed,
  }));
}

/**
 * FINAL grades and EXCELLENT shares, which add up with each other:
 * - the grades sum to the finalized FINAL evaluations (not shown, may be known);
 * - in a share row, excellent + the rest (never shown) = finalEvaluations;
 * - the rows' finalEvaluations sum to the quota's base (not shown, may be known);
 * - the rows' excellent sum to the EXCELLENT count of gradeDistribution.
 * A share goes with its numerator and denominator; excellent with finalEvaluations.
 */
export function protectFinalFigures(
  gradeRows: (Pick<GradeCount, 'grade'> & Counted)[] | null,
  shareRows: ShareRow[],
  minCellSize: number,
): { grades: GradeCount[]; shares: ExcellentShare[] } {
  const grades = (gradeRows ?? []).map((r) => cell(r.count, r.cadres, { atLeastOne: true }));
  const excellentIndex = (gradeRows ?? []).findIndex((r) => r.grade === Grade.EXCELLENT);
  // Without the grades (programmeOverview), their EXCELLENT total is not shown but may be known.
  const excellentGrades =
    gradeRows === null ? null : excellentIndex >= 0 ? grades[excellentIndex] : cell(0, 0);
  const rows = shareRows.map((r) => ({
    final: cell(r.finalEvaluations, r.cadres, { atLeastOne: true }),
    excellent: cell(r.excellent, r.excellentCadres),
    rest: cell(r.finalEvaluations - r.excellent, r.otherCadres, { hidden: true }),
    share: cell(ratio(r.excellent, r.finalEvaluations), r.cadres),
  }));
  const relations: Relation[] = [
    { parts: grades, total: null },
    { parts: rows.map((r) => r.final), total: null },
    { parts: rows.map((r) => r.excellent), total: excellentGrades },
    ...rows.map((r) => ({ parts: [r.excellent, r.rest], total: r.final })),
  ];
  const dependencies: Dependency[] = rows.flatMap((r) => [
    { cell: r.excellent, on: [r.final] },
    { cell: r.share, on: [r.excellent, r.final] },
  ]);
  protect(
    [
      ...grades,
      ...(excellentGrades ? [excellentGrades] : []),
      ...rows.flatMap((r) => [r.final, r.excellent, r.rest, r.share]),
    ],
    relations,
    dependencies,
    minCellSize,
  );
  return {
    grades: (gradeRows ?? []).map((r, i) => ({
      grade: r.grade,
      count: shown(grades[i]),
      suppressed: grades[i].suppressed,
    })),
    shares: shareRows.map((r, i) => ({
      receivingUnitKind: r.receivingUnitKind,
      year: r.year,
      finalEvaluations: shown(rows[i].final),
      excellent: shown(rows[i].excellent),
      share: shown(rows[i].share),
      suppressed: [rows[i].final, rows[i].excellent, rows[i].share].some((c) => c.suppressed),
    })),
  };
}

/**
 * Promotions after EXCELLENT returns: promoted + not promoted (never shown, derivable) = the
 * returns; the rate goes with both, the promoted with the returns.
 */
export function protectPromotion(row: PromotionRow, minCellSize: number): PromotionAfterReturn {
  const returns = cell(row.excellentReturns, row.returnCadres);
  const promoted = cell(row.promotedWithinWindow, row.promotedCadres);
  const notPromoted = cell(row.excellentReturns - row.promotedWithinWindow, row.otherCadres, {
    hidden: true,
  });
  const rate = cell(
    row.excellentReturns ? ratio(row.promotedWithinWindow, row.excellentReturns) : null,
    row.returnCadres,
  );
  protect(
    [returns, promoted, notPromoted, rate],
    [{ parts: [promoted, notPromoted], total: returns }],
    [
      { cell: promoted, on: [returns] },
      { cell: rate, on: [promoted, returns] },
    ],
    minCellSize,
  );
  return {
    excellentReturns: shown(returns),
    promotedWithinWindow: shown(promoted),
    rate: shown(rate),
    suppressed: [returns, promoted, rate].some((c) => c.suppressed),
  };
}
