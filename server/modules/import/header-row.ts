import type { Text } from '../../common/text';
import { headerMatcher, fieldsOf, type ImportTable } from './columns';
import { ImportFileError, type RowError } from './file-errors';
import { CellRefusal, columnLetter, type SheetRow } from './sheet';

/** Where each field stands in the file, and each column's header as written. */
export interface Layout<V> {
  /** By file column: the field it holds, or null for an ignored or blank-headed column. */
  fieldAt: readonly ((keyof V & string) | null)[];
  /** By file column: the header as written, or null when blank (cells there must be blank too). */
  written: readonly (string | null)[];
  /** By field: the header as written, or the Chinese header when the column is absent. */
  columnOf: { readonly [K in keyof V & string]: string };
  /** By file column: the 序号 column, where `EXAMPLE_MARK` marks a template's example row. */
  numberAt: number | null;
}

/** Reads the header row; every unknown, repeated or missing header is listed in one refusal. */
export function readHeaderRow<V>(table: ImportTable<V>, row: SheetRow): Layout<V> {
  const match = headerMatcher(table);
  const errors: RowError[] = [];
  const fieldAt: ((keyof V & string) | null)[] = [];
  const written: (string | null)[] = [];
  const columnOf = Object.fromEntries(
    fieldsOf(table).map((field) => [field, table[field].header]),
  ) as { [K in keyof V & string]: string };
  const seen = new Set<string>();
  let numberAt: number | null = null;
  const refuse = (column: string, code: RowError['code'], message: Text) =>
    errors.push({ line: row.line, column, code, message });
  row.cells.forEach((cell, index) => {
    const header = cell instanceof CellRefusal ? '' : cell.trim();
    written.push(header || null);
    fieldAt.push(null);
    if (cell instanceof CellRefusal) return refuse(columnLetter(index), cell.code, cell.message);
    if (header === '') return;
    const found = match(header);
    if ('unknown' in found) {
      return refuse(header, 'UNKNOWN_HEADER', {
        en: `“${header}” is not a column of this import.`,
        zh: `“${header}”不是本导入的列。`,
      });
    }
    if ('ignored' in found) {
      if (found.ignored === 'number') numberAt ??= index;
      return;
    }
    if (seen.has(found.field)) {
      return refuse(header, 'DUPLICATE_HEADER', {
        en: `A second column is headed “${header}”.`,
        zh: `有两列的表头均为“${header}”。`,
      });
    }
    seen.add(found.field);
    fieldAt[index] = found.field;
    columnOf[found.field] = header;
  });
  for (const field of fieldsOf(table)) {
    if (table[field].required && !seen.has(field)) {
      const header = table[field].header;
      refuse(header, 'MISSING_HEADER', {
        en: `The required column “${header}” (${field}) is missing.`,
        zh: `缺少必填列“${header}”（${field}）。`,
      });
    }
  }
  if (errors.length > 0) {
    throw new ImportFileError(
      'BAD_HEADERS',
      {
        en: `The header row (row ${row.line}) has problems.`,
        zh: `表头行（第 ${row.line} 行）有误。`,
      },
      errors,
    );
  }
  return { fieldAt, written, columnOf, numberAt };
}
