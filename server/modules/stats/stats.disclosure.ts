/**
 * Statistical disclosure control (统计披露控制) for the statistics shown to analysts: no figure may
 * tell one or two cadres' grade, alert or career. Pure arithmetic over the cells a query computed;
 * the service decides who gets it (statsPolicy.suppressesSmallCells) and builds the cells.
 *
 * - Primary suppression: a cell computed from 1 to minCellSize − 1 distinct cadres is withheld.
 *   A cell of 0 cadres is shown: "nobody" names no one, and the grouped lists leave such rows out.
 * - Dependencies: a share, rate or mean is withheld with its numerator or denominator; a count is
 *   withheld with the count it is part of (excellent with finalEvaluations: "0 EXCELLENT of a
 *   suppressed 2" would still tell the two cadres' grades).
 * - Complementary (secondary) suppression: in every additive relation (parts summing to a total
 *   that is shown, or may be known elsewhere) a withheld cell must not be recoverable by
 *   subtraction. While it is, the smallest shown part (non-zero first) is withheld too, or else the
 *   total. Run to a fixed point, since a cell may belong to several relations.
 */

/** One figure of a statistic and the number of distinct cadres it is computed from. */
export interface Cell {
  value: number | null;
  cadres: number;
  /** A grouped row exists only when non-zero, so a reader knows a withheld one is at least 1. */
  atLeastOne: boolean;
  /** Never shown, though derivable from shown figures (e.g. the non-EXCELLENT of a row). */
  hidden: boolean;
  suppressed: boolean;
}

export function cell(value: number | null, cadres: number, shape: Partial<Cell> = {}): Cell {
  return { value, cadres, atLeastOne: false, hidden: false, suppressed: false, ...shape };
}

/**
 * `parts` sum to `total`. A total of null is not shown by statistics but is taken as known all the
 * same (another filter, another report may tell it): the parts alone must then protect themselves.
 */
export interface Relation {
  parts: Cell[];
  total: Cell | null;
}

/** `cell` is withheld whenever any of `on` is. */
export interface Dependency {
  cell: Cell;
  on: Cell[];
}

const unshown = (c: Cell) => c.suppressed || c.hidden;
const lowerBound = (c: Cell) => (c.atLeastOne ? 1 : 0);

/**
 * Whether a reader can tell a withheld part of `r` exactly: one unknown left in the relation, or
 * the known remainder equal to the sum of the unknowns' lower bounds (two withheld rows summing
 * to 2 are 1 and 1).
 */
function pins(r: Relation): boolean {
  const cells = r.total ? [...r.parts, r.total] : r.parts;
  if (!cells.some((c) => c.suppressed)) return false;
  // A shown total of 0 already tells every part (no EXCELLENT grade at all): nothing to hide.
  if (r.total && !unshown(r.total) && r.total.value === 0) return false;
  const unknown = cells.filter(unshown);
  if (unknown.length === 1) return r.total !== null || r.parts.some((c) => !unshown(c));
  if (r.total && unshown(r.total)) return false;
  const hiddenParts = r.parts.filter(unshown);
  // With no part shown and a total statistics does not show, there is nothing to subtract here.
  if (!r.total && hiddenParts.length === r.parts.length) return false;
  const remainder = hiddenParts.reduce((sum, c) => sum + (c.value ?? 0), 0);
  return remainder === hiddenParts.reduce((sum, c) => sum + lowerBound(c), 0);
}

/** The next cell to withhold for `r`: its smallest shown part, non-zero first; else its total. */
function nextToSuppress(r: Relation): Cell | null {
  const shown = r.parts
    .filter((c) => !unshown(c))
    .sort(
      (a, b) =>
        Number((a.value ?? 0) === 0) - Number((b.value ?? 0) === 0) ||
        (a.value ?? 0) - (b.value ?? 0) ||
        a.cadres - b.cadres,
    );
  if (shown.length) return shown[0];
  return r.total && !unshown(r.total) ? r.total : null;
}

/** Withholds (sets `suppressed` on) every cell that is small or would reveal a small one. */
export function protect(
  cells: Cell[],
  relations: Relation[],
  dependencies: Dependency[],
  minCellSize: number,
): void {
  for (const c of cells) c.suppressed = c.cadres >= 1 && c.cadres < minCellSize;
  for (let changed = true; changed;) {
    changed = false;
    for (const d of dependencies) {
      if (!d.cell.suppressed && d.on.some((c) => c.suppressed)) {
        d.cell.suppressed = changed = true;
      }
    }
    for (const r of relations) {
      while (pins(r)) {
        const next = nextToSuppress(r);
        if (!next) break;
        next.suppressed = changed = true;
      }
    }
  }
}

/** A cell as GraphQL shows it: its value, or null when withheld. */
export const shown = (c: Cell): number | null => (c.suppressed ? null : c.value);
