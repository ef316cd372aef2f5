import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { booleanLabel } from '../labels';

/** A cell of an export: text, a number, a yes/no (written 是/否), or empty. */
export type ExportCell = string | number | boolean | null | undefined;

/** One column of an export: its Chinese header and how a row gives its cell. */
export interface ExportColumn<R> {
  header: string;
  value: (row: R) => ExportCell;
  /** Column width in characters, for .xlsx. */
  width?: number;
}

/** Rows as a service lists them: a keyset-paged async generator, or an array in tests. */
export type ExportRows<R> = AsyncIterable<R> | Iterable<R>;

/**
 * Text that a spreadsheet program would run as a formula when it opens the file (CSV injection,
 * e.g. `=cmd|' /C calc'!A0`). OWASP's advice: prefix a single quote, so it is shown as text. Done
 * for .xlsx too: a cell someone re-saves as CSV, or edits and confirms, is parsed again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as it is written: strings neutralised, yes/no as 是/否, empty as ''. */
export function exportValue(cell: ExportCell): string | number {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return booleanLabel(cell);
  if (typeof cell === 'number') return cell;
  return neutralise(cell);
}

/**
 * Waits while the destination is full (a slow client): rows are read from the database only as
 * fast as they leave, so memory stays flat. Yielding also lets the ZIP writer drain its buffers.
 */
export async function drained(out: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (out.writableNeedDrain && !out.destroyed) await once(out, 'drain');
}
