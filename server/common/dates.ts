/** Dates in the programme are calendar days in China Standard Time (no daylight saving). */
const CHINA = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const DAY_MS = 86_400_000;

/** The last day `today` formatted and the instants it spans: alert lists ask once per row. */
let known = { day: '', from: 0, until: 0 };

/** Today's date, `YYYY-MM-DD`, in China. */
export function today(now = new Date()): string {
  const at = now.getTime();
  if (at >= known.from && at < known.until) return known.day;
  const day = CHINA.format(now);
  const from = Date.parse(`${day}T00:00:00+08:00`);
  // Kept only where the day is 24 h from midnight UTC+8 (not in China's summer times of 1986–91).
  if (CHINA.format(new Date(from)) === day && CHINA.format(new Date(from + DAY_MS - 1)) === day)
    known = { day, from, until: from + DAY_MS };
  return day;
}

/** Days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
