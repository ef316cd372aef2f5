import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { writeCsvExport } from '../server/common/export/csv-export';
import type { ExportColumn } from '../server/common/export/export-columns';
import { writeXlsxExport } from '../server/common/export/xlsx-export';
import { stalled } from './support/exports';
import { loadWorkbook } from './support/import-files';

interface Person {
  name: string;
  score: number | null;
  reserve: boolean;
  note?: string;
}

const COLUMNS: ExportColumn<Person>[] = [
  { header: '姓名', value: (p) => p.name },
  { header: '得分', value: (p) => p.score },
  { header: '后备干部', value: (p) => p.reserve },
  { header: '备注', value: (p) => p.note },
];

const ATTACKS = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

/** Every byte written to a destination, once it has finished. */
function sink(): { out: PassThrough; bytes: () => Promise<Buffer> } {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<Buffer>((resolve) => out.on('end', () => resolve(Buffer.concat(parts))));
  return { out, bytes: () => done };
}

const people: Person[] = [
  { name: '张三', score: 91.5, reserve: true, note: '优秀' },
  { name: '李四', score: null, reserve: false },
  ...ATTACKS.map((name) => ({ name, score: -1, reserve: false })),
];

describe('CSV exports', () => {
  it('write UTF-8 with a BOM, Chinese headers, 是/否 and empty cells', async () => {
    const { out, bytes } = sink();
    expect(await writeCsvExport(people.slice(0, 2), COLUMNS, out)).toBe(2);
    const csv = await bytes();
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(
      '姓名,得分,后备干部,备注\r\n张三,91.5,是,优秀\r\n李四,,否,\r\n',
    );
  });

  it('prefix a quote to every cell a spreadsheet would run as a formula, numbers left as they are', async () => {
    const { out, bytes } = sink();
    await writeCsvExport(people, COLUMNS, out);
    const records = parse((await bytes()).toString('utf8'), { bom: true }) as string[][];
    expect(records.slice(3).map((r) => r[0])).toEqual(ATTACKS.map((attack) => `'${attack}`));
    expect(records.slice(3).map((r) => r[1])).toEqual(ATTACKS.map(() => '-1'));
    expect(records[1][0]).toBe('张三');
  });
});

describe('.xlsx exports', () => {
  it('write one worksheet of text cells, the formula-like ones quoted, none a formula', async () => {
    const { out, bytes } = sink();
    expect(await writeXlsxExport(people, COLUMNS, out, { sheetName: '干部' })).toBe(people.length);
    const workbook = await loadWorkbook(await bytes());
    const sheet = workbook.getWorksheet('干部')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '姓名',
      '得分',
      '后备干部',
      '备注',
    ]);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['张三', 91.5, '是', '优秀']);
    const names = sheet.getColumn(1).values.slice(4);
    // XML reads a bare CR in text as a line feed: the cell still starts with the quote.
    expect(names).toEqual(ATTACKS.map((attack) => `'${attack.replace('\r', '\n')}`));
    sheet.eachRow((row) =>
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
    );
  });
});

describe.each([
  ['CSV', writeCsvExport],
  ['.xlsx', writeXlsxExport],
])('a %s export to a client that stops reading', (_format, write) => {
  it('reads no further rows than fit in the buffers, then finishes when released', async () => {
    let pulled = 0;
    function* rows(): Generator<Person> {
      for (let i = 0; i < 100_000; i += 1) {
        pulled += 1;
        yield { name: `干部${i}`, score: i, reserve: i % 2 === 0, note: '备注'.repeat(10) };
      }
    }
    const { out, release } = stalled();
    const writing = write(rows(), COLUMNS, out);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pulled).toBeLessThan(30_000);
    release();
    expect(await writing).toBe(100_000);
  });
});
