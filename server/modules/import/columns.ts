import { matchKey } from '../../common/labels';
import type { Codec } from './codecs';

/**
 * One column of an import: its Chinese header, how its cells read, and the template's example.
 * A column is required exactly when its value cannot be null, so the two cannot disagree.
 */
export interface Column<T> {
  /** The header Guazhi writes in templates; the field's English name is read as well. */
  header: string;
  /** Other headers HR spreadsheets use for the same column (身份证号码 for 身份证号). */
  aliases?: readonly string[];
  codec: Codec<NonNullable<T>>;
  required: null extends T ? false : true;
  example: T;
}

/** A column seen without its value type, by code that reads headers and cells of any field. */
export interface ColumnInfo {
  header: string;
  aliases?: readonly string[];
  required: boolean;
  codec: Pick<Codec<unknown>, 'kind' | 'read' | 'allowed' | 'hint'>;
}

/**
 * Where a table keeps the headers of its export's read-only columns (编号, 所在单位, 在职状态):
 * a symbol, so that `Object.keys` (the fields, in column order) never sees it.
 */
export const READ_ONLY_HEADERS = Symbol('read-only headers');

/**
 * Every field of an import's values with its column; an optional field is `T | null`. Headers
 * under `READ_ONLY_HEADERS` are columns the export adds for reading: an import skips them, so an
 * exported file can be edited and imported back.
 */
export type ImportTable<V> = { readonly [K in keyof V & string]-?: Column<V[K]> } & {
  readonly [READ_ONLY_HEADERS]?: readonly string[];
};

/** The fields of a table in its column order (the template's order). */
export function fieldsOf<V>(table: ImportTable<V>): (keyof V & string)[] {
  return Object.keys(table) as (keyof V & string)[];
}

/** The running number HR sheets start with (序号): read and ignored, but see `EXAMPLE_MARK`. */
export const NUMBER_HEADER = '序号';
const NUMBER_HEADERS = new Set([NUMBER_HEADER, 'no', 'no.'].map(matchKey));

/**
 * What the template writes under 序号 in its example row: a row marked so is skipped, so the
 * template imported as downloaded writes no made-up cadre, and a user who fills in rows below the
 * example (or overwrites it) imports just those.
 */
export const EXAMPLE_MARK = '示例';

export type HeaderMatch<V> =
  { field: keyof V & string } | { ignored: 'number' | 'readOnly' } | { unknown: true };

/** Which field a header as written names, whatever its case, spacing or full-width form. */
export function headerMatcher<V>(table: ImportTable<V>): (header: string) => HeaderMatch<V> {
  const byKey = new Map<string, keyof V & string>();
  const readOnly = new Set((table[READ_ONLY_HEADERS] ?? []).map(matchKey));
  for (const field of fieldsOf(table)) {
    const column: ColumnInfo = table[field];
    for (const name of [field, column.header, ...(column.aliases ?? [])]) {
      byKey.set(matchKey(name), field);
    }
  }
  return (header) => {
    const key = matchKey(header);
    const field = byKey.get(key);
    if (field !== undefined) return { field };
    if (NUMBER_HEADERS.has(key)) return { ignored: 'number' };
    return readOnly.has(key) ? { ignored: 'readOnly' } : { unknown: true };
  };
}
