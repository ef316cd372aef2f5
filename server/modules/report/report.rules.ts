import type { EntityManager } from 'typeorm';
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

/**
 * Refuses what is not a period before it reaches SQL; the same pattern as the column's CHECK, so
 * a refused value never reaches it.
 */
export function checkPeriodFormat(period: string): void {
  const match = PERIOD.exec(period);
  if (!match) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      {
        en: 'A period is a quarter like 2026-Q3 or a month like 2026-09',
        zh: '报送期间须为季度（如 2026-Q3）或月份（如 2026-09）',
      },
      'period',
    );
  }
  const year = Number(match[1]);
  // Keeps date arithmetic within four-digit years; the programme's records start long after 2000.
  if (year < 2000 || year > 2100) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      {
        en: 'The period’s year lies between 2000 and 2100',
        zh: '报送期间的年份须在 2000 至 2100 之间',
      },
      'period',
    );
  }
}

export interface PeriodCoverage {
  period: ReportPeriod;
  /** The days of the period the posting covered up to `asOf`; null when none yet. */
  covered: ReportPeriod | null;
}

/**
 * A period's days, and those a posting covered up to `asOf` (a report speaks only of days that
 * have passed), computed by the rule the PASSIVE_CADRE alert reads too
 * (report/sql/report-period.sql). Without a posting, the whole period.
 */
export async function periodCoverage(
  db: Pick<EntityManager, 'query'>,
  period: string,
  posting?: { startDate: string; actualEndDate: string | null },
  asOf?: string,
): Promise<PeriodCoverage> {
  checkPeriodFormat(period);
  const [c]: {
    periodStart: string;
    periodEnd: string;
    periodDays: number;
    start: string;
    end: string;
    days: number;
  }[] = await db.query(
    `SELECT period_first_day AS "periodStart", period_last_day AS "periodEnd",
       period_days AS "periodDays", first_day AS start, last_day AS end, days
       FROM rules.report_period_coverage($1, $2, $3, $4)`,
    [period, posting?.startDate ?? null, posting?.actualEndDate ?? null, asOf ?? null],
  );
  return {
    period: { start: c.periodStart, end: c.periodEnd, days: c.periodDays },
    covered: c.days > 0 ? { start: c.start, end: c.end, days: c.days } : null,
  };
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
