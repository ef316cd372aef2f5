import type { ColumnInfo } from '../server/modules/import/columns';
import {
  IMPORT_KINDS,
  IMPORT_TABLES,
  tableOf,
  type ImportKind,
} from '../server/modules/import/import-kinds';
import { readImportFile } from '../server/modules/import/import-reader';
import { importTemplate } from '../server/modules/import/templates';
import { loadWorkbook } from './support/import-files';

/** A kind's columns by field, seen without their value types. */
function columns(kind: ImportKind): [string, ColumnInfo & { example: unknown }][] {
  return Object.entries(IMPORT_TABLES[kind] as Record<string, ColumnInfo & { example: unknown }>);
}

describe.each(IMPORT_KINDS)('the %s template', (kind) => {
  it.each(['xlsx', 'csv'] as const)(
    'reads back as its example row when it is .%s and the row is no longer marked 示例',
    async (format) => {
      const file = await readImportFile(await importTemplate(kind, format, '1'), tableOf(kind));
      expect(file.format).toBe(format);
      expect(file.errors).toEqual([]);
      const examples = Object.fromEntries(columns(kind).map(([field, c]) => [field, c.example]));
      expect(file.rows).toEqual([{ line: 2, values: examples }]);
    },
  );

  it.each(['xlsx', 'csv'] as const)(
    'imports nothing as downloaded (.%s): the example row is marked 示例 and skipped',
    async (format) => {
      await expect(
        readImportFile(await importTemplate(kind, format), tableOf(kind)),
      ).rejects.toMatchObject({ code: 'NO_DATA_ROWS', message: expect.stringContaining('示例') });
    },
  );

  it('has 序号 and Chinese headers and a sheet listing each column’s allowed values', async () => {
    const workbook = await loadWorkbook(await importTemplate(kind, 'xlsx'));
    const [data, notes] = workbook.worksheets;
    const headers = columns(kind).map(([, column]) => column.header);
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', ...headers]);
    expect(data.getCell('A2').value).toBe('示例');
    expect(notes.name).toBe('填写说明');
    expect(notes.rowCount).toBe(headers.length + 2);
    expect(String(notes.getRow(2).getCell(4).value)).toContain('不会导入');
  });
});

it('lists the ranks in the cadre template’s notes and dropdown', async () => {
  const workbook = await loadWorkbook(await importTemplate('cadres', 'xlsx'));
  const notes = workbook.getWorksheet('填写说明')!;
  const rank = notes
    .getRows(2, notes.rowCount - 1)!
    .find((row) => row.getCell(1).value === '职级')!;
  expect(rank.getCell(4).value).toContain('科员、副科、正科、副处、正处、副厅、正厅');
  expect(workbook.worksheets[0].getCell('H3').dataValidation).toMatchObject({
    type: 'list',
    formulae: ['"科员,副科,正科,副处,正处,副厅,正厅"'],
  });
});

it('starts the CSV template with a BOM so that Excel shows its Chinese headers', async () => {
  const csv = await importTemplate('units', 'csv');
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
    '序号,单位代码,单位名称,单位类型,行政级别,地区,发达地区,急难险重领域,上级单位代码',
  );
});
