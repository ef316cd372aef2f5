import fc from 'fast-check';
import { types } from 'pg';
import { fastTimestamptz } from '../server/db/timestamps';

// The parser pg ships (postgres-date), which the fast one must agree with everywhere.
const original = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (
  text: string,
) => unknown;
const fast = fastTimestamptz(original);

const same = (text: string) => {
  const expected = original(text);
  const actual = fast(text);
  if (expected instanceof Date && actual instanceof Date)
    expect([text, actual.getTime()]).toEqual([text, expected.getTime()]);
  else expect([text, actual]).toEqual([text, expected]);
};

describe('timestamptz parsing', () => {
  it('reads what PostgreSQL writes as pg did, zones with minutes and seconds included', () => {
    for (const text of [
      '2026-11-30 12:34:56+08',
      '2026-11-30 12:34:56.1+08',
      '2026-11-30 12:34:56.123456+08',
      '2026-11-30 12:34:56.999999-03:30',
      '1900-01-01 00:00:00+08:05:43',
      '1970-01-01 00:00:00+00',
      '2000-02-29 23:59:59.5-12',
      '9999-12-31 23:59:59.999999+14',
      '0100-01-01 00:00:00+00',
    ])
      same(text);
  });

  it('leaves BC dates, early and far years and infinities to the original parser', () => {
    for (const text of [
      '0044-03-15 12:00:00+00',
      '0001-01-01 00:00:00+00 BC',
      '12026-01-01 00:00:00+08',
      'infinity',
      '-infinity',
      '2026-11-30 12:34:56+8',
      '2026-11-30 12:34:56.+08',
    ])
      same(text);
  });

  it('agrees with the original on any instant and zone', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.tuple(
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.integer({ min: 0, max: 59 }),
        ),
        fc.option(fc.stringMatching(/^[0-9]{1,6}$/)),
        fc.tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 15 }),
          fc.option(fc.integer({ min: 0, max: 59 })),
          fc.option(fc.integer({ min: 0, max: 59 })),
        ),
        (year, month, day, [h, m, s], fraction, [sign, zh, zm, zs]) => {
          const zone =
            `${sign}${two(zh)}` +
            (zm === null ? '' : `:${two(zm)}${zs === null ? '' : `:${two(zs)}`}`);
          same(
            `${String(year).padStart(4, '0')}-${two(month)}-${two(day)} ` +
              `${two(h)}:${two(m)}:${two(s)}${fraction === null ? '' : `.${fraction}`}${zone}`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
