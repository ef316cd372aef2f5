/** A parser of one PostgreSQL text value, as `pg`'s type parsers take it. */
export type TextParser = (text: string) => unknown;

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * `timestamptz` as PostgreSQL writes it (ISO DateStyle: `2026-11-30 12:34:56.123456+08`, the zone
 * possibly `+05:30` or `-03:30:45`), read without regular expressions: every row of every list
 * carries two or more of them, and `pg`'s parser (postgres-date) was 2–3 % of a dashboard list's
 * CPU. Anything else — BC dates, years before 100 or after 9999, `infinity` — goes to `fallback`
 * (the parser `pg` had), so the values are the same. Milliseconds are truncated, as there.
 */
export function fastTimestamptz(fallback: TextParser): TextParser {
  return (text) => {
    const n = text.length;
    if (
      n < 22 ||
      text.charCodeAt(4) !== 45 || // -
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(10) !== 32 || // space
      text.charCodeAt(13) !== 58 || // :
      text.charCodeAt(16) !== 58
    )
      return fallback(text);
    for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
      if (!isDigit(text.charCodeAt(at))) return fallback(text);
    const number = (from: number, to: number) => Number(text.slice(from, to));
    const year = number(0, 4);
    if (year < 100) return fallback(text);
    let i = 19;
    let ms = 0;
    if (text.charCodeAt(i) === 46) {
      // .
      i += 1;
      let scale = 100;
      const start = i;
      while (i < n && isDigit(text.charCodeAt(i))) {
        if (scale >= 1) ms += (text.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i += 1;
      }
      if (i === start) return fallback(text);
    }
    const sign = text.charCodeAt(i);
    if (sign !== 43 && sign !== 45) return fallback(text); // + -
    let offset = 0;
    let unit = 3600;
    i += 1;
    for (;;) {
      if (i + 2 > n || !isDigit(text.charCodeAt(i)) || !isDigit(text.charCodeAt(i + 1)))
        return fallback(text);
      offset += number(i, i + 2) * unit;
      i += 2;
      if (i === n) break;
      if (text.charCodeAt(i) !== 58 || unit === 1) return fallback(text);
      unit /= 60;
      i += 1;
    }
    const utc = Date.UTC(
      year,
      number(5, 7) - 1,
      number(8, 10),
      number(11, 13),
      number(14, 16),
      number(17, 19),
      ms,
    );
    return new Date(utc - (sign === 43 ? offset : -offset) * 1000);
  };
}
