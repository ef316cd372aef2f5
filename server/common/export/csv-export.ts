import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { exportValue, type ExportColumn, type ExportRows } from './export-columns';

/**
 * Streams rows as CSV to `out` and ends it; returns the number of data rows. UTF-8 with a BOM:
 * without it Excel reads UTF-8 as the local code page and shows Chinese as mojibake.
 */
export async function writeCsvExport<R>(
  rows: ExportRows<R>,
  columns: readonly ExportColumn<R>[],
  out: Writable,
): Promise<number> {
  let count = 0;
  async function* records(): AsyncGenerator<(string | number)[]> {
    yield columns.map((column) => exportValue(column.header));
    for await (const row of rows) {
      count += 1;
      yield columns.map((column) => exportValue(column.value(row)));
    }
  }
  await pipeline(
    Readable.from(records()),
    stringify({ bom: true, record_delimiter: 'windows' }),
    out,
  );
  return count;
}
