import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError } from './file-errors';
import type { ImportLimits } from './limits';
import { CellRefusal, type Cell, type SheetRow } from './sheet';
import { csvTextDecoder, type TextEncoding } from './text-decoding';

/**
 * Rows of a CSV file, parsed as the bytes arrive. Each record is one spreadsheet row, blank ones
 * included, so `line` is the row number Excel shows even when a quoted cell spans lines.
 */
export function csvRows(
  chunks: AsyncIterable<Buffer>,
  limits: ImportLimits,
): { rows: AsyncGenerator<SheetRow>; encoding: () => TextEncoding } {
  const decoder = csvTextDecoder();
  async function* rows(): AsyncGenerator<SheetRow> {
    const parser = parse({
      relax_column_count: true,
      skip_empty_lines: false,
      // A hard stop per record (bytes, UTF-8 up to 4 a character) far above any real row: a
      // 10 MB cell is refused here instead of being buffered; cells over maxCellLength but
      // under this are refused one by one, as row errors.
      max_record_size: limits.maxCellLength * 4 * 64,
    });
    const feeding = pipeline(Readable.from(decoder.decode(chunks)), parser);
    let line = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        line += 1;
        yield { line, cells: record.map(csvCell) };
      }
      await feeding;
    } catch (error) {
      throw csvFailure(error, line);
    } finally {
      parser.destroy();
      feeding.catch(() => undefined);
    }
  }
  return { rows: rows(), encoding: decoder.encoding };
}

/** In CSV everything is text, but Excel runs `=…` as a formula when it opens the file. */
function csvCell(text: string): Cell {
  return text.trimStart().startsWith('=')
    ? new CellRefusal('FORMULA_NOT_ALLOWED', {
        en: 'The cell starts with “=”: Excel would run it as a formula.',
        zh: '单元格以“=”开头，Excel 会将其作为公式执行。',
      })
    : text;
}

/** csv-parse reads ahead of the rows handed out: the row at fault is the one after its count. */
function csvFailure(error: unknown, rowsHandedOut: number): unknown {
  if (error instanceof ImportFileError) return error;
  const records =
    error instanceof CsvError ? (error as CsvError & { records?: number }).records : undefined;
  const line = (records ?? rowsHandedOut) + 1;
  if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
    return new ImportFileError('CELL_TOO_LONG', {
      en: `Row ${line} holds a cell far longer than allowed.`,
      zh: `第 ${line} 行有单元格内容远超允许长度。`,
    });
  }
  if (error instanceof CsvError) {
    return new ImportFileError('CORRUPT_FILE', {
      en: `The CSV file cannot be parsed at row ${line}: ${error.message}`,
      zh: `CSV 文件第 ${line} 行无法解析：${error.message}`,
    });
  }
  return error;
}
