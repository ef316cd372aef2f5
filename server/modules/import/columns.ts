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

/** Every field of an import's values with its column; an optional field is `T | null`. */
export type ImportTable<V> = { readonly [K in keyof V & string]-?: Column<V[K]> };

/** The fields of a table in its column order (the template's order). */
export function fieldsOf<V>(table: ImportTable<V>): (keyof V & string)[] {
  return Object.keys(table) as (keyof V & string)[];
}

/** Headers that are read and ignored: the running number HR sheets start with. */
const IGNORED_HEADERS = new Set(['序号', 'no', 'no.'].map(matchKey));

export type HeaderMatch<V> = { field: keyof V & string } | { ignored: true } | { unknown: true };

/** Which field a header as written names, whatever its case, spacing or full-width form. */
export function headerMatcher<V>(table: ImportTable<V>): (header: string) => HeaderMatch<V> {
  const byKey = new Map<string, keyof V & string>();
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
    return IGNORED_HEADERS.has(key) ? { ignored: true } : { unknown: true };
  };
}
