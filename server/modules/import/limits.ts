/** Bounds of one import file, so that no file can take the server's memory or time. */
export interface ImportLimits {
  /** Bytes of the file as sent. */
  maxBytes: number;
  /** Data rows, header and blank rows not counted. */
  maxRows: number;
  /** Characters of one cell; no field of Guazhi needs more. */
  maxCellLength: number;
  /**
   * Bytes an .xlsx may claim to unpack to: a workbook is a ZIP, and 20 MB of ZIP can unpack to
   * gigabytes (a “zip bomb”); exceljs keeps every shared string in memory.
   */
  maxUnpackedBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
  maxCellLength: 1_000,
  maxUnpackedBytes: 200 * 1024 * 1024,
};
