import type { Text } from '../../common/text';
import type { ImportTable } from './columns';
import { boundedBytes, detectFormat, peek, type FileFormat, type ImportSource } from './file-bytes';
import { ImportFileError, type RowError } from './file-errors';
import { readHeaderRow, type Layout } from './header-row';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits';
import {
  isBlank,
  isExample,
  readRowValues,
  type ImportRow,
  type ParsedRow,
  type PartRow,
} from './row-values';
import { csvRows } from './csv-rows';
import type { SheetRow } from './sheet';
import type { TextEncoding } from './text-decoding';
import { xlsxRows } from './xlsx-rows';

/** A problem a service's rule finds in a row that parsed, named by field; the reader names the column. */
export interface FieldProblem<V> {
  field: keyof V & string;
  code: RowError['code'];
  message: Text;
}

/**
 * The hook for the services' row rules (an ID number's check digit, a role's unit): run on every
 * row, so that one unreadable cell does not hide the other problems of its row. In a row where a
 * cell failed, that field is absent (`undefined`, as in an update's input): a rule checks only
 * the fields it is given, and its problems about a failed cell are dropped (the cell's own error
 * says it). Rules that need the database (unknown unit code) run later, over the collected rows,
 * and name their column with `ImportFile.columnOf`.
 */
export type RowCheck<V> = (values: V, line: number) => readonly FieldProblem<V>[];

export interface ImportOptions<V> {
  limits?: Partial<ImportLimits>;
  check?: RowCheck<V>;
}

/** An import file whose header row has been read; its data rows are read as they are iterated. */
export interface ImportFile<V> {
  format: FileFormat;
  /** The CSV's text encoding once known (after the first non-ASCII bytes); null for .xlsx. */
  encoding: () => TextEncoding | null;
  /** By field: the header as written in the file, for naming a column in a later error. */
  columnOf: Layout<V>['columnOf'];
  /** Data rows in file order; throws TOO_MANY_ROWS, NO_DATA_ROWS or a parse failure. */
  rows: AsyncGenerator<ParsedRow<V>>;
}

/**
 * Opens an import file of one kind: detects its format by content, reads up to its header row and
 * checks the headers. Throws `ImportFileError` for a refusal of the whole file.
 */
export async function openImportFile<V>(
  source: ImportSource,
  table: ImportTable<V>,
  options: ImportOptions<V> = {},
): Promise<ImportFile<V>> {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const { head, chunks } = await peek(boundedBytes(source, limits.maxBytes), 512);
  if (head.length === 0)
    throw new ImportFileError('EMPTY_FILE', { en: 'The file is empty.', zh: '文件为空。' });
  const format = detectFormat(head);
  let sheet: AsyncGenerator<SheetRow>;
  let encoding: () => TextEncoding | null = () => null;
  if (format === 'xlsx') {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    sheet = xlsxRows(Buffer.concat(parts), limits);
  } else {
    const csv = csvRows(chunks, limits);
    sheet = csv.rows;
    encoding = csv.encoding;
  }
  let layout: Layout<V>;
  try {
    const header = await firstNonBlank(sheet);
    if (!header)
      throw new ImportFileError('EMPTY_FILE', {
        en: 'The file has no header row.',
        zh: '文件没有表头行。',
      });
    layout = readHeaderRow(table, header);
  } catch (error) {
    await sheet.return(undefined);
    throw error;
  }
  return {
    format,
    encoding,
    columnOf: layout.columnOf,
    rows: dataRows(sheet, table, layout, limits, options.check),
  };
}

async function firstNonBlank(sheet: AsyncGenerator<SheetRow>): Promise<SheetRow | null> {
  for (let next = await sheet.next(); !next.done; next = await sheet.next()) {
    if (!isBlank(next.value)) return next.value;
  }
  return null;
}

async function* dataRows<V>(
  sheet: AsyncGenerator<SheetRow>,
  table: ImportTable<V>,
  layout: Layout<V>,
  limits: ImportLimits,
  check: RowCheck<V> | undefined,
): AsyncGenerator<ParsedRow<V>> {
  let count = 0;
  try {
    for (let next = await sheet.next(); !next.done; next = await sheet.next()) {
      if (isBlank(next.value) || isExample(layout, next.value)) continue;
      count += 1;
      if (count > limits.maxRows) {
        throw new ImportFileError('TOO_MANY_ROWS', {
          en: `The file has more than ${limits.maxRows} data rows; split it into smaller files.`,
          zh: `文件数据超过 ${limits.maxRows} 行，请拆分为多个较小的文件。`,
        });
      }
      const row = readRowValues(table, layout, next.value, limits);
      if (!row.errors) yield check ? checked(row, check, layout) : row;
      else yield { line: row.line, errors: check ? partChecked(row, check, layout) : row.errors };
    }
  } finally {
    // Stops reading the file when a row is refused or the caller leaves early.
    await sheet.return(undefined);
  }
  if (count === 0)
    throw new ImportFileError('NO_DATA_ROWS', {
      en: 'The file has headers but no data rows (a template’s example row, 示例 under 序号, is not imported).',
      zh: '文件只有表头，没有数据行（模板中“序号”列为“示例”的示例行不导入）。',
    });
}

function checked<V>(row: ImportRow<V>, check: RowCheck<V>, layout: Layout<V>): ParsedRow<V> {
  const problems = check(row.values, row.line);
  if (problems.length === 0) return row;
  return { line: row.line, errors: problems.map((p) => rowError(row.line, p, layout)) };
}

/** The cell errors of a row, then the check's problems with the fields that did read. */
function partChecked<V>(row: PartRow<V>, check: RowCheck<V>, layout: Layout<V>): RowError[] {
  const problems = check(row.readable as V, row.line).filter((p) => p.field in row.readable);
  return [...row.errors, ...problems.map((p) => rowError(row.line, p, layout))];
}

function rowError<V>(line: number, problem: FieldProblem<V>, layout: Layout<V>): RowError {
  return {
    line,
    column: layout.columnOf[problem.field],
    code: problem.code,
    message: problem.message,
  };
}

/** A whole import file read: the rows that parsed, and every row error (an empty list: all good). */
export interface ImportReading<V> {
  format: FileFormat;
  encoding: TextEncoding | null;
  columnOf: Layout<V>['columnOf'];
  rows: ImportRow<V>[];
  errors: RowError[];
}

/** Reads a whole file (at most `maxRows` rows) for a dry run or one transaction of upserts. */
export async function readImportFile<V>(
  source: ImportSource,
  table: ImportTable<V>,
  options: ImportOptions<V> = {},
): Promise<ImportReading<V>> {
  const file = await openImportFile(source, table, options);
  const rows: ImportRow<V>[] = [];
  const errors: RowError[] = [];
  for await (const row of file.rows) {
    if (row.errors) errors.push(...row.errors);
    else rows.push(row);
  }
  return { format: file.format, encoding: file.encoding(), columnOf: file.columnOf, rows, errors };
}
