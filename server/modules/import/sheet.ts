import type { Text } from '../../common/text';
import type { RowErrorCode } from './file-errors';

/** A cell the file itself makes unreadable (a formula, #N/A, a rounded number), whatever its column. */
export class CellRefusal {
  constructor(
    readonly code: RowErrorCode,
    readonly message: Text,
  ) {}
}

/** A cell as text, the same for CSV and .xlsx: columns read values from text only. */
export type Cell = string | CellRefusal;

/** One row of the first worksheet or of the CSV file; `line` is the row number a spreadsheet shows. */
export interface SheetRow {
  line: number;
  cells: readonly Cell[];
}

/** Spreadsheet column letters (A, B, …, AA) for cells that have no header to name them by. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
