import { PassThrough } from 'node:stream';
import type { DataValidation } from 'exceljs';
import { loadExcelJS } from '../../common/exceljs';
import { writeCsvExport } from '../../common/export/csv-export';
import type { ExportColumn } from '../../common/export/export-columns';
import { attachment } from '../../common/export/content-disposition';
import { EXAMPLE_MARK, fieldsOf, NUMBER_HEADER, type Column, type ImportTable } from './columns';
import type { FileFormat } from './file-bytes';
import { tableOf, type ImportKind } from './import-kinds';
import { DEFAULT_IMPORT_LIMITS } from './limits';

/**
 * The template of an import (`GET /import/templates/<kind>.xlsx|.csv`): the Chinese headers and one
 * example row, written from the same columns the reader reads, so the two cannot drift apart. The
 * example row is marked 示例 under 序号, which the reader skips: its made-up unit code and ID
 * number are there to show the formats, and the template imported as downloaded writes nothing.
 */
export async function importTemplate(
  kind: ImportKind,
  format: FileFormat,
  /** What the example row has under 序号; another value makes it a data row (tests). */
  mark: string = EXAMPLE_MARK,
): Promise<Buffer> {
  const table = tableOf(kind);
  return format === 'csv' ? csvTemplate(table, mark) : xlsxTemplate(table, mark);
}

/** The templates' Chinese names, for the downloaded file. */
const TEMPLATE_TITLES: Record<ImportKind, string> = {
  units: '单位导入模板',
  cadres: '干部导入模板',
  users: '用户账号导入模板',
};

/** 干部导入模板.xlsx, with cadres-template.xlsx for clients that read only an ASCII name. */
export function templateDisposition(kind: ImportKind, format: FileFormat): string {
  return attachment(`${TEMPLATE_TITLES[kind]}.${format}`, `${kind}-template.${format}`);
}

function exampleText<T>(column: Column<T>): string {
  return column.example === null ? '' : column.codec.write(column.example as NonNullable<T>);
}

/** A CSV has no room for notes: the allowed values are in the .xlsx template's second sheet. */
async function csvTemplate<V>(table: ImportTable<V>, mark: string): Promise<Buffer> {
  const columns: ExportColumn<null>[] = [
    { header: NUMBER_HEADER, value: () => mark },
    ...fieldsOf(table).map((field) => ({
      header: table[field].header,
      value: () => exampleText(table[field]),
    })),
  ];
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  await writeCsvExport([null], columns, out);
  return Buffer.concat(parts);
}

/** Rows the template's dropdowns and text formats cover: as many as one file may hold. */
const LAST_ROW = DEFAULT_IMPORT_LIMITS.maxRows + 1;

/** exceljs has `dataValidations.add(range, rule)` for whole ranges but does not declare it. */
interface RangeValidations {
  dataValidations: { add(range: string, rule: DataValidation): void };
}

async function xlsxTemplate<V>(table: ImportTable<V>, mark: string): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet('导入数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  const notes = workbook.addWorksheet('填写说明');
  const fields = fieldsOf(table);
  data.columns = [
    { width: 6 },
    ...fields.map((field) => ({ width: Math.max(12, table[field].header.length * 2 + 4) })),
  ];
  const header = data.addRow([NUMBER_HEADER, ...fields.map((field) => table[field].header)]);
  header.font = { bold: true };
  const example = data.addRow([mark]);
  // Grey italics, as spreadsheets show a placeholder: it reads as an example, not as a record.
  example.font = { italic: true, color: { argb: 'FF808080' } };
  fields.forEach((field, index) => {
    const column: Column<V[typeof field]> = table[field];
    const at = index + 2;
    const letter = data.getColumn(at).letter;
    if (column.required) header.getCell(at).font = { bold: true, color: { argb: 'FFC00000' } };
    const cell = example.getCell(at);
    if (column.codec.kind === 'date') {
      // A real date cell, as HR staff type it; the reader turns it back into YYYY-MM-DD.
      const day = exampleText(column);
      cell.value = day ? new Date(`${day}T00:00:00Z`) : null;
      data.getColumn(at).numFmt = 'yyyy-mm-dd';
      return;
    }
    cell.value = exampleText(column) || null;
    // Text format, so Excel does not round an ID number or drop a phone number's leading zero.
    data.getColumn(at).numFmt = '@';
    const allowed = column.codec.allowed;
    if (allowed) {
      (data as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${LAST_ROW}`, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [`"${allowed.join(',')}"`],
        showErrorMessage: true,
        error: `可选值: ${allowed.join('、')}`,
      });
    }
  });
  notes.columns = [
    { header: '列名', width: 22 },
    { header: '英文列名', width: 20 },
    { header: '必填', width: 8 },
    { header: '格式与可选值', width: 60 },
  ];
  notes.getRow(1).font = { bold: true };
  notes.addRow([
    NUMBER_HEADER,
    '',
    '否',
    `可留空或填行号; 填“${EXAMPLE_MARK}”的行是示例, 不会导入 (可直接在示例行下方填写, 或覆盖示例行)`,
  ]);
  for (const field of fields) {
    const column: Column<V[typeof field]> = table[field];
    const allowed = column.codec.allowed;
    notes.addRow([
      column.header,
      field,
      column.required ? '是' : '否',
      allowed ? `${allowed.join('、')}（也可填英文代码）` : column.codec.hint,
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
