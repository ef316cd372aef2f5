import type { Readable } from 'node:stream';
import { loadExcelJS, type ExcelJS } from '../../common/exceljs';

/** The methods of exceljs's WorkbookReader that get each ZIP entry (internals, not declared). */
interface EntryParsers {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs 4.4.0's streaming reader decodes every chunk of a ZIP entry on its own, so a Chinese
 * character split between two chunks becomes “��” (exceljs issues #2063, #2084, #2316; the fixes
 * are unmerged): about one cell in a few thousand of a real HR sheet. Here each entry is decoded
 * as a stream instead, and exceljs's parser passes strings through untouched. These are exceljs
 * internals, so exceljs is pinned exactly; test/import-file.test.ts fails if they change.
 */
function defineReader(ExcelJS: ExcelJS) {
  const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as EntryParsers;
  return class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
    _parseRels(entry: Readable) {
      return base._parseRels.call(this, entry.setEncoding('utf8'));
    }

    _parseWorkbook(entry: Readable) {
      return base._parseWorkbook.call(this, entry.setEncoding('utf8'));
    }

    _parseSharedStrings(entry: Readable) {
      return base._parseSharedStrings.call(this, entry.setEncoding('utf8'));
    }

    _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string) {
      return base._parseWorksheet.call(this, utf8Text(chunks), sheetNo);
    }
  };
}

let reader: Promise<ReturnType<typeof defineReader>> | undefined;

/** The reader class, defined once exceljs is loaded (server/common/exceljs.ts). */
export function loadUtf8WorkbookReader(): Promise<ReturnType<typeof defineReader>> {
  return (reader ??= loadExcelJS().then(defineReader));
}

async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  yield decoder.decode();
}
