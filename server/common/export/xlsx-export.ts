import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { drained, exportValue, type ExportColumn, type ExportRows } from './export-columns';

/** How many rows are committed between checks of the destination's backpressure. */
const ROWS_PER_DRAIN = 500;

/**
 * Streams rows as an .xlsx workbook of one worksheet to `out` and ends it; returns the number of
 * data rows. exceljs's WorkbookWriter commits each row and keeps no shared-string table (inline
 * strings), so memory does not grow with the row count.
 */
export async function writeXlsxExport<R>(
  rows: ExportRows<R>,
  columns: readonly ExportColumn<R>[],
  out: Writable,
  options: { sheetName?: string } = {},
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => ({ width: column.width ?? 16 }));
  const header = sheet.addRow(columns.map((column) => exportValue(column.header)));
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(columns.map((column) => exportValue(column.value(row)))).commit();
    count += 1;
    if (count % ROWS_PER_DRAIN === 0) await drained(out);
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
