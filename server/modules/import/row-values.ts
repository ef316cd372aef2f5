import { matchKey } from '../../common/labels';
import { EXAMPLE_MARK, type ColumnInfo, type ImportTable } from './columns';
import type { RowError } from './file-errors';
import type { Layout } from './header-row';
import type { ImportLimits } from './limits';
import { CellRefusal, columnLetter, type Cell, type SheetRow } from './sheet';

/** One data row read into the values of its kind. */
export interface ImportRow<V> {
  line: number;
  values: V;
}

/** A data row: its values, or every error found in it. */
export type ParsedRow<V> =
  (ImportRow<V> & { errors?: undefined }) | { line: number; errors: RowError[] };

/** A row some of whose cells failed: their errors, and the fields of the cells that read. */
export interface PartRow<V> {
  line: number;
  errors: RowError[];
  /** The fields read; a field whose cell failed is absent (not null, which is an empty cell). */
  readable: Partial<V>;
}

/** A blank row (Excel keeps formatted empty rows) is skipped, not refused. */
export function isBlank(row: SheetRow): boolean {
  return row.cells.every((cell) => typeof cell === 'string' && cell.trim() === '');
}

/** A template's example row (示例 under 序号): skipped like a blank row, it is not data. */
export function isExample(layout: Pick<Layout<unknown>, 'numberAt'>, row: SheetRow): boolean {
  if (layout.numberAt === null) return false;
  const cell = row.cells[layout.numberAt];
  return typeof cell === 'string' && matchKey(cell) === matchKey(EXAMPLE_MARK);
}

/**
 * Reads each cell of a data row through its column; collects every problem, not only the first,
 * and keeps what did read, so that the service's check can look at the rest of the row.
 */
export function readRowValues<V>(
  table: ImportTable<V>,
  layout: Layout<V>,
  row: SheetRow,
  limits: ImportLimits,
): (ImportRow<V> & { errors?: undefined }) | PartRow<V> {
  const errors: RowError[] = [];
  const values: Partial<Record<keyof V & string, unknown>> = {};
  const given = new Map<keyof V & string, Cell>();
  row.cells.forEach((cell, index) => {
    const field = layout.fieldAt[index];
    if (field) return given.set(field, cell);
    const blank = typeof cell === 'string' && cell.trim() === '';
    if (!blank && (layout.written[index] ?? null) === null) {
      errors.push({
        line: row.line,
        column: columnLetter(index),
        code: 'CELL_WITHOUT_HEADER',
        message: {
          en: 'The cell is in a column without header (a shifted row?).',
          zh: '该单元格所在列没有表头（是否有行错位？）。',
        },
      });
    }
  });
  for (const field of Object.keys(table) as (keyof V & string)[]) {
    const column: ColumnInfo = table[field];
    const result = readCell(column, given.get(field) ?? '', limits);
    if (result instanceof CellRefusal) {
      errors.push({ line: row.line, column: layout.columnOf[field], ...result });
    } else {
      values[field] = result;
    }
  }
  if (errors.length > 0) return { line: row.line, errors, readable: values as Partial<V> };
  return { line: row.line, values: values as V };
}

function readCell(column: ColumnInfo, cell: Cell, limits: ImportLimits): unknown {
  if (cell instanceof CellRefusal) return cell;
  const text = cell.trim();
  if (text.length > limits.maxCellLength) {
    return new CellRefusal('CELL_TOO_LONG', {
      en: `The cell has ${text.length} characters; at most ${limits.maxCellLength} are allowed.`,
      zh: `单元格有 ${text.length} 个字符，最多允许 ${limits.maxCellLength} 个。`,
    });
  }
  // PostgreSQL cannot store U+0000 in text (PITFALLS).
  if (text.includes('\u0000'))
    return new CellRefusal('INVALID_TEXT', {
      en: 'The cell holds a NUL character.',
      zh: '单元格含有 NUL 字符。',
    });
  if (text === '') {
    return column.required
      ? new CellRefusal('REQUIRED', { en: 'The cell is required.', zh: '该单元格为必填项。' })
      : null;
  }
  return column.codec.read(text);
}
