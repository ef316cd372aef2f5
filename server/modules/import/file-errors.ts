import { localize, type Locale, type Text } from '../../common/text';

/**
 * Why an import file is refused as a whole: nothing in it is read further. These are answers of
 * the import routes and CLI, not GraphQL user errors, so they are not in the `UserErrorCode` enum.
 */
export const ImportFileErrorCode = {
  FILE_TOO_LARGE: 'The file is larger than the import limit.',
  UNSUPPORTED_FILE_TYPE: 'The file is neither an .xlsx workbook nor a CSV text file.',
  UNSUPPORTED_ENCODING: 'The CSV file is neither UTF-8 nor GB18030 (save it as “CSV UTF-8”).',
  CORRUPT_FILE: 'The workbook or CSV file cannot be parsed.',
  EMPTY_FILE: 'The file has no header row.',
  NO_DATA_ROWS: 'The file has a header row but no data rows.',
  BAD_HEADERS: 'Some headers are unknown, repeated or missing; `errors` lists each.',
  TOO_MANY_ROWS: 'The file has more data rows than the import limit.',
  CELL_TOO_LONG: 'A cell is far longer than any allowed value; the file was not read further.',
} as const;
export type ImportFileErrorCode = keyof typeof ImportFileErrorCode;

/** Why one cell or header is refused; the other rows are still read and checked. */
export const RowErrorCode = {
  UNKNOWN_HEADER: 'The header names no column of this kind of import.',
  DUPLICATE_HEADER: 'Two columns have the same header.',
  MISSING_HEADER: 'A required column is missing.',
  REQUIRED: 'The cell is empty but the column is required.',
  CELL_TOO_LONG: 'The cell is longer than allowed.',
  INVALID_TEXT: 'The cell holds characters that cannot be stored (NUL).',
  INVALID_DATE: 'The cell is not a date (YYYY-MM-DD).',
  INVALID_BOOLEAN: 'The cell is not 是/否 (Y/N, true/false, 1/0).',
  INVALID_CHOICE: 'The cell is none of the allowed values (code or Chinese label).',
  NUMBER_PRECISION_LOST:
    'Excel stored the cell as a number and rounded it; format the column as text.',
  FORMULA_NOT_ALLOWED: 'The cell holds a formula; paste values only.',
  CELL_ERROR: 'The cell holds a spreadsheet error such as #N/A.',
  CELL_WITHOUT_HEADER: 'The row has a value in a column without header.',
  DUPLICATE_IN_FILE:
    'An earlier row of the file has the same key (unit code, ID number, username).',
} as const;
export type RowErrorCode = keyof typeof RowErrorCode;

/**
 * One refused cell, header or row. `line` is the row number a spreadsheet shows (the header row
 * is usually 1); `column` is the header as written in the file, or the column letter when the
 * cell has no header, or null for the whole row. `code` is a `RowErrorCode`, or a code of the
 * service that validated the row (e.g. a GraphQL `UserErrorCode`).
 */
export interface RowError {
  line: number;
  column: string | null;
  code: RowErrorCode | (string & Record<never, never>);
  /** In both languages; the route answers in the request's (`localizeRowErrors`), the CLI in English. */
  message: Text;
}

export class ImportFileError extends Error {
  constructor(
    readonly code: ImportFileErrorCode,
    readonly text: Text,
    /** For BAD_HEADERS: each header at fault. */
    readonly errors: readonly RowError[] = [],
  ) {
    super(text.en);
    this.name = 'ImportFileError';
  }
}

/** Row errors as a client reads them: each message in the request's language. */
export function localizeRowErrors<E extends { message: Text }>(
  errors: readonly E[],
  locale: Locale,
): (Omit<E, 'message'> & { message: string })[] {
  return errors.map((e) => ({ ...e, message: localize(e.message, locale) }));
}
