import { addDays, daysBetween } from '../../common/dates';
import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';

/** A report period (报告期): a quarter `2026-Q3` or a month `2026-09`, as calendar days. */
export interface ReportPeriod {
  /** First day, `YYYY-MM-DD`. */
  start: string;
  /** Last day, `YYYY-MM-DD`. */
  end: string;
  /** Number of days, leap years included. */
  days: number;
}

const PERIOD = /^([0-9]{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

/** Parses a period; the same pattern as the column's CHECK, so a refused value never reaches it. */
export function parsePeriod(period: string): ReportPeriod {
  const match = PERIOD.exec(period);
  if (!match) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      'A period is a quarter like 2026-Q3 or a month like 2026-09',
      'period',
    );
  }
  const year = Number(match[1]);
  // Keeps date arithmetic within four-digit years; the programme's records start long after 2000.
  if (year < 2000 || year > 2100) {
    refuse(CommonErrorCode.INVALID_VALUE, 'The period’s year lies between 2000 and 2100', 'period');
  }
  const firstMonth = match[2] ? (Number(match[2]) - 1) * 3 + 1 : Number(match[3]);
  const months = match[2] ? 3 : 1;
  const start = isoDate(year, firstMonth);
  const next = isoDate(
    year + Math.floor((firstMonth - 1 + months) / 12),
    ((firstMonth - 1 + months) % 12) + 1,
  );
  return { start, end: addDays(next, -1), days: daysBetween(start, next) };
}

function isoDate(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/**
 * The days of `period` the posting covered up to `asOf` (a report speaks only of days that have
 * passed); null when it covered none yet.
 */
export function coveredPart(
  period: ReportPeriod,
  posting: { startDate: string; actualEndDate: string | null },
  asOf: string,
): ReportPeriod | null {
  const start = period.start > posting.startDate ? period.start : posting.startDate;
  const end = [period.end, posting.actualEndDate ?? asOf, asOf].reduce((a, b) => (a < b ? a : b));
  return end < start ? null : { start, end, days: daysBetween(start, end) + 1 };
}

/**
 * Whether two periods share days: the same period, or a quarter and one of its months. Read from
 * the text alone, so that stored periods of any year compare.
 */
export function periodsOverlap(a: string, b: string): boolean {
  const [yearA, partA] = a.split('-');
  const [yearB, partB] = b.split('-');
  if (yearA !== yearB) return false;
  if (partA.startsWith('Q') === partB.startsWith('Q')) return partA === partB;
  return quarterOf(partA) === quarterOf(partB);
}

function quarterOf(part: string): number {
  return part.startsWith('Q') ? Number(part.slice(1)) : Math.ceil(Number(part) / 3);
}
