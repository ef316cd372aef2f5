import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

/**
 * exceljs, loaded on the first spreadsheet (an export, an import, a template) rather than at
 * start: its module graph is about 15 MiB of heap that a server answering only GraphQL never
 * uses (issue #12's memory goal; test/lazy-modules.test.ts).
 */
export function loadExcelJS(): Promise<ExcelJS> {
  // `default` is module.exports: exceljs is CommonJS without __esModule, under tsc and swc alike.
  return (loading ??= import('exceljs').then((module) => module.default));
}
