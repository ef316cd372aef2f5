/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), so that nothing depends on the
 * machine's clock or time zone. Timestamps are written with China's +08:00 offset.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;

export function day(iso: string): Day {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

/** "Today" for the demo: ACTIVE postings span it, PLANNED ones start after it. */
export const TODAY: Day = day('2026-11-01');

/** When the programme's records start: every row is created after it. */
export const LAUNCH: Day = day('2020-06-01');

const isoCache = new Map<Day, string>();

/** 'YYYY-MM-DD'; memoised, as large seeds format the same few thousand days millions of times. */
export function iso(d: Day): string {
  let text = isoCache.get(d);
  if (text === undefined) {
    text = new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(d, text);
  }
  return text;
}

/** A timestamp on day `d` at local (+08:00) time `hhmm`. */
export function stamp(d: Day, hhmm = '09:00'): string {
  return `${iso(d)}T${hhmm}:00+08:00`;
}

function parts(d: Day): { y: number; m: number; dd: number } {
  const date = new Date(d * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), dd: date.getUTCDate() };
}

export function yearOf(d: Day): number {
  return parts(d).y;
}

export function ymd(y: number, month1: number, dd: number): Day {
  return Math.round(Date.UTC(y, month1 - 1, dd) / MS_PER_DAY);
}

/** Same day of month `months` later, clamped to the month's last day. */
export function addMonths(d: Day, months: number): Day {
  const { y, m, dd } = parts(d);
  const last = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m + months, Math.min(dd, last)) / MS_PER_DAY);
}

/** 1970-01-01 was a Thursday, so (d + 4) mod 7 is the weekday with Sunday = 0. */
export function isWeekday(d: Day): boolean {
  const w = (((d + 4) % 7) + 7) % 7;
  return w !== 0 && w !== 6;
}

/** Monday to Friday in [from, to], both inclusive. */
export function workdays(from: Day, to: Day): number {
  let n = 0;
  for (let d = from; d <= to; d++) if (isWeekday(d)) n++;
  return n;
}

export interface Quarter {
  /** e.g. '2026-Q3', the period format of feedback reports. */
  period: string;
  start: Day;
  end: Day;
}

export function quarterOf(d: Day): Quarter {
  const { y, m } = parts(d);
  const q = Math.floor(m / 3);
  return {
    period: `${y}-Q${q + 1}`,
    start: ymd(y, q * 3 + 1, 1),
    end: ymd(y, q * 3 + 4, 1) - 1,
  };
}

/** Quarters overlapping [from, to], in order. */
export function quarters(from: Day, to: Day): Quarter[] {
  const result: Quarter[] = [];
  for (let q = quarterOf(from); q.start <= to; q = quarterOf(q.end + 1)) result.push(q);
  return result;
}
