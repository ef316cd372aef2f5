import { Readable } from 'node:stream';
import { ImportFileError } from './file-errors';
import type { ImportLimits } from './limits';
import type { SheetRow } from './sheet';
import { loadUtf8WorkbookReader } from './utf8-workbook-reader';
import { xlsxCell } from './xlsx-cells';
import { checkUnpackedSize } from './zip-size';

/** What exceljs's stream readers carry at run time but do not declare. */
interface WorkbookModel {
  model?: { sheets?: { name: string }[] };
}
interface SheetName {
  name?: string;
}

/**
 * Rows of the first worksheet (in the workbook's tab order) of an .xlsx file, read by exceljs's
 * streaming reader. The file is held whole (it is at most `maxBytes`) because a ZIP's directory is
 * at its end and is checked before anything is unpacked.
 */
export async function* xlsxRows(zip: Buffer, limits: ImportLimits): AsyncGenerator<SheetRow> {
  checkUnpackedSize(zip, limits.maxUnpackedBytes);
  const input = Readable.from([zip]);
  const Utf8WorkbookReader = await loadUtf8WorkbookReader();
  const workbook = new Utf8WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of workbook) {
      sheets += 1;
      const first = (workbook as unknown as WorkbookModel).model?.sheets?.[0]?.name;
      const name = (sheet as unknown as SheetName).name;
      if (first !== undefined && name !== undefined && name !== first) continue;
      for await (const row of sheet) {
        const cells = [];
        for (let column = 1; column <= row.cellCount; column += 1) {
          cells.push(xlsxCell(row.getCell(column).value));
        }
        yield { line: row.number, cells };
      }
      return;
    }
  } catch (error) {
    throw new ImportFileError('CORRUPT_FILE', {
      en: `The .xlsx file cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      zh: `无法读取该 .xlsx 文件：${error instanceof Error ? error.message : String(error)}`,
    });
  } finally {
    input.destroy();
  }
  if (sheets === 0) {
    throw new ImportFileError('UNSUPPORTED_FILE_TYPE', {
      en: 'The file is a ZIP archive but not an .xlsx workbook with a worksheet.',
      zh: '该文件是 ZIP 压缩包，但不是含有工作表的 .xlsx 工作簿。',
    });
  }
}
