import { PassThrough, Readable } from 'node:stream';
import { writeXlsxExport } from '../server/common/export/xlsx-export';
import { CADRE_TABLE } from '../server/modules/import/cadres.table';
import { readImportFile, type RowCheck } from '../server/modules/import/import-reader';
import type { CadreImportValues } from '../server/modules/import/cadres.table';
import { UNIT_TABLE } from '../server/modules/import/units.table';
import { USER_TABLE } from '../server/modules/import/users.table';
import { fieldsOf, type Column, type ImportTable } from '../server/modules/import/columns';
import { cadreWriteService } from '../server/modules/cadre/cadre-write.service';
import { unitWriteService } from '../server/modules/unit/unit-write.service';
import { userImportService } from '../server/modules/auth/user-import.service';
import {
  CADRE_HEADERS,
  CADRE_ROW,
  CADRE_VALUES,
  csvText,
  endless,
  gb18030,
  refusal,
  utf8Bom,
  xlsxFile,
  zipFile,
} from './support/import-files';

/** An .xlsx written by the export writer: inline strings, no shared-string table. */
async function inlineXlsx(rows: string[][]): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const columns = CADRE_HEADERS.map((header, i) => ({ header, value: (row: string[]) => row[i] }));
  await writeXlsxExport(rows, columns, out);
  return Buffer.concat(parts);
}

/** The refused stream is left to its owner (a route answers on its connection) but not read on. */
async function expectNoMoreReads(pulled: () => number): Promise<void> {
  const before = pulled();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(pulled()).toBe(before);
}

const read = (source: Parameters<typeof readImportFile>[0], check?: RowCheck<CadreImportValues>) =>
  readImportFile(source, CADRE_TABLE, { check });

describe('reading CSV files', () => {
  it('reads a UTF-8 file with BOM into typed values when headers and labels are Chinese', async () => {
    const file = await read(utf8Bom(csvText([CADRE_HEADERS, CADRE_ROW])));
    expect(file).toMatchObject({ format: 'csv', encoding: 'utf-8', errors: [] });
    expect(file.rows).toEqual([{ line: 2, values: CADRE_VALUES }]);
  });

  it('reads GB18030, as Excel in a Chinese locale saves “CSV”, into the same values', async () => {
    const file = await read(gb18030(csvText([CADRE_HEADERS, CADRE_ROW])));
    expect(file.encoding).toBe('gb18030');
    expect(file.rows).toEqual([{ line: 2, values: CADRE_VALUES }]);
  });

  it.each([
    ['UTF-8', (text: string) => Buffer.from(text)],
    ['GB18030', gb18030],
  ])(
    'reads %s the same when its bytes arrive in chunks that split characters',
    async (_, encode) => {
      const bytes = encode(csvText([CADRE_HEADERS, ...Array(500).fill(CADRE_ROW)]));
      const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
        bytes.subarray(i * 7, i * 7 + 7),
      );
      const file = await read(Readable.from(chunks));
      expect(file.errors).toEqual([]);
      expect(file.rows).toHaveLength(500);
      expect(file.rows[499]).toEqual({ line: 501, values: CADRE_VALUES });
    },
  );

  it('reads English headers and enum codes whatever their case and spacing', async () => {
    const headers = [
      ' Name',
      'GENDER',
      'birth date',
      'idNumber',
      'home_unit_code',
      'PositionTitle',
    ];
    const row = ['李四', 'female', '1990/7/15', '110101199007150027', 'DW002', '科长'];
    const rest = [
      ['rank', 'education', 'political status', 'is leadership', 'IsReserve'],
      ['section_chief', '研究生', 'cpc_member', 'Y', '0'],
    ];
    const file = await read(
      Buffer.from(
        csvText([
          [...headers, ...rest[0]],
          [...row, ...rest[1]],
        ]),
      ),
    );
    expect(file.errors).toEqual([]);
    expect(file.rows[0].values).toEqual(CADRE_VALUES);
    expect(file.columnOf.gender).toBe('GENDER');
  });

  it('reads the other labels HR sheets use (副局（厅）, 大学本科, 党员, 2026年1月5日)', async () => {
    const headers = [...CADRE_HEADERS, '专长', '联系电话', '序号'];
    const row = [...CADRE_ROW, '财务、法律,  审计', '13800138000', '7'];
    row[2] = '1990年7月15日';
    row[6] = '副局（厅）';
    row[7] = '大学本科';
    row[8] = '党员';
    const [parsed] = (await read(Buffer.from(csvText([headers, row])))).rows;
    expect(parsed.values).toMatchObject({
      birthDate: '1990-07-15',
      rank: 'BUREAU_DEPUTY',
      education: 'BACHELOR',
      politicalStatus: 'CPC_MEMBER',
      specialties: ['财务', '法律', '审计'],
      phone: '13800138000',
    });
  });

  it('lists every bad cell with its row, the header as written and a code when rows are bad', async () => {
    const bad = (index: number, value: string) =>
      CADRE_ROW.map((c, i) => (i === index ? value : c));
    const rows = [
      CADRE_HEADERS,
      bad(1, '未知'),
      [],
      bad(2, '1990-02-30'),
      bad(9, '也许'),
      bad(0, '  '),
      bad(0, '=HYPERLINK("http://x","y")'),
      [...CADRE_ROW, '', 'extra'],
      CADRE_ROW,
    ];
    const file = await read(Buffer.from(csvText(rows)));
    expect(file.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, '性别', 'INVALID_CHOICE'],
      [4, '出生日期', 'INVALID_DATE'],
      [5, '班子成员', 'INVALID_BOOLEAN'],
      [6, '姓名', 'REQUIRED'],
      [7, '姓名', 'FORMULA_NOT_ALLOWED'],
      [8, 'M', 'CELL_WITHOUT_HEADER'],
    ]);
    expect(file.errors[0].message.en).toContain('男、女');
    expect(file.rows.map((row) => row.line)).toEqual([9]);
  });

  it('numbers rows as a spreadsheet does when a quoted cell spans lines', async () => {
    const multiline = CADRE_ROW.map((c, i) => (i === 5 ? '科长\n兼主任' : c));
    const file = await read(Buffer.from(csvText([CADRE_HEADERS, multiline, CADRE_ROW])));
    expect(file.rows.map((row) => [row.line, row.values.positionTitle])).toEqual([
      [2, '科长\n兼主任'],
      [3, '科长'],
    ]);
  });

  it('hands each parsed row to the service’s check and names the column as written', async () => {
    const headers = CADRE_HEADERS.map((h) => (h === '身份证号' ? '身份证号码' : h));
    const check: RowCheck<CadreImportValues> = (values) =>
      values.idNumber.endsWith('7')
        ? [
            {
              field: 'idNumber',
              code: 'INVALID_ID_NUMBER',
              message: { en: 'check digit', zh: '校验码' },
            },
          ]
        : [];
    const file = await read(Buffer.from(csvText([headers, CADRE_ROW])), check);
    expect(file.rows).toEqual([]);
    expect(file.errors).toEqual([
      {
        line: 2,
        column: '身份证号码',
        code: 'INVALID_ID_NUMBER',
        message: { en: 'check digit', zh: '校验码' },
      },
    ]);
  });

  it('refuses a cell longer than the limit as a row error', async () => {
    const long = CADRE_ROW.map((c, i) => (i === 5 ? '长'.repeat(1001) : c));
    const file = await read(Buffer.from(csvText([CADRE_HEADERS, long])));
    expect(file.errors).toMatchObject([{ line: 2, column: '职务', code: 'CELL_TOO_LONG' }]);
  });
});

describe('reading .xlsx files', () => {
  it('reads the first worksheet: date cells, numbers as text, rich text', async () => {
    const row: unknown[] = [...CADRE_ROW, 13800138000];
    row[0] = { richText: [{ text: '李', font: { bold: true } }, { text: '四' }] };
    // 20:30 on the day the sheet shows: converting the instant to China time would give the 16th.
    row[2] = new Date(Date.UTC(1990, 6, 15, 20, 30));
    const file = await readImportFile(
      await xlsxFile([[...CADRE_HEADERS, '电话'], row as never[]], (sheet) => {
        sheet.getCell('C2').numFmt = 'yyyy"年"m"月"d"日"';
      }),
      CADRE_TABLE,
    );
    expect(file).toMatchObject({ format: 'xlsx', encoding: null, errors: [] });
    expect(file.rows).toEqual([{ line: 2, values: { ...CADRE_VALUES, phone: '13800138000' } }]);
  });

  it.each([
    ['shared strings (as Excel writes them)', 'shared'],
    ['inline strings (as the streaming writer writes them)', 'inline'],
  ])('keeps Chinese characters that straddle two chunks of the ZIP whole in %s', async (_, how) => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      CADRE_ROW.map((c, j) => (j === 0 ? `欧阳${i}` : j === 5 ? `第${i}办公室副主任` : c)),
    );
    const bytes =
      how === 'shared' ? await xlsxFile([CADRE_HEADERS, ...rows]) : await inlineXlsx(rows);
    const file = await readImportFile(bytes, CADRE_TABLE);
    expect(file.errors).toEqual([]);
    const wrong = file.rows.filter(
      (row, i) =>
        row.values.name !== `欧阳${i}` || row.values.positionTitle !== `第${i}办公室副主任`,
    );
    expect(wrong.map((row) => row.values.name)).toEqual([]);
  });

  it('refuses formula cells, error cells and ID numbers Excel has rounded as row errors', async () => {
    const row: unknown[] = [...CADRE_ROW];
    row[0] = { formula: 'CONCAT("李","四")', result: '李四' };
    row[3] = 110101199007150027;
    row[5] = { error: '#N/A' };
    const file = await readImportFile(await xlsxFile([CADRE_HEADERS, row as never[]]), CADRE_TABLE);
    expect(file.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, '姓名', 'FORMULA_NOT_ALLOWED'],
      [2, '身份证号', 'NUMBER_PRECISION_LOST'],
      [2, '职务', 'CELL_ERROR'],
    ]);
  });

  it('refuses a 10 MB cell as a row error and reads the other rows', async () => {
    const huge = CADRE_ROW.map((c, i) => (i === 5 ? 'x'.repeat(10 * 1024 * 1024) : c));
    const file = await readImportFile(
      await xlsxFile([CADRE_HEADERS, huge, CADRE_ROW]),
      CADRE_TABLE,
    );
    expect(file.errors).toMatchObject([{ line: 2, column: '职务', code: 'CELL_TOO_LONG' }]);
    expect(file.rows.map((row) => row.line)).toEqual([3]);
  });

  it('refuses a workbook whose ZIP directory claims more than the unpack limit', async () => {
    const bomb = zipFile([
      { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), claimedSize: 300e6 },
    ]);
    expect((await refusal(read(bomb))).code).toBe('FILE_TOO_LARGE');
  });

  it('refuses a ZIP that is not a workbook as a wrong file type', async () => {
    const zip = zipFile([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect((await refusal(read(zip))).code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('refuses a workbook with headers only', async () => {
    expect((await refusal(read(await xlsxFile([CADRE_HEADERS])))).code).toBe('NO_DATA_ROWS');
  });
});

describe('refusing whole files', () => {
  it('refuses an empty file and one with blank lines only', async () => {
    expect((await refusal(read(Buffer.alloc(0)))).code).toBe('EMPTY_FILE');
    expect((await refusal(read(utf8Bom('\r\n , ,\r\n')))).code).toBe('EMPTY_FILE');
  });

  it('refuses a CSV with headers only', async () => {
    const error = await refusal(read(utf8Bom(csvText([CADRE_HEADERS, [], []]))));
    expect(error.code).toBe('NO_DATA_ROWS');
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ')],
    ['old .xls', Buffer.from('d0cf11e0a1b11ae1000000', 'hex')],
    ['PNG', Buffer.from('89504e470d0a1a0a0000000d', 'hex')],
    ['binary with NUL bytes', Buffer.from([0x41, 0x42, 0x00, 0x01, 0x02])],
  ])('refuses a %s file as a wrong file type', async (_name, bytes) => {
    expect((await refusal(read(bytes))).code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('refuses UTF-16 text and UTF-8 that turns invalid later as an unsupported encoding', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]);
    expect((await refusal(read(utf16))).code).toBe('UNSUPPORTED_ENCODING');
    const mixed = Buffer.concat([
      Buffer.from(csvText([CADRE_HEADERS, ...Array(300).fill(CADRE_ROW)])),
      gb18030(csvText([CADRE_ROW])),
    ]);
    expect((await refusal(read(mixed))).code).toBe('UNSUPPORTED_ENCODING');
  });

  it('stops reading a stream whose headers are refused', async () => {
    const { stream, pulled } = endless(Buffer.from(csvText([['身份'], ['x']])));
    expect((await refusal(readImportFile(stream, CADRE_TABLE))).code).toBe('BAD_HEADERS');
    await expectNoMoreReads(pulled);
  });

  it('lists every unknown, repeated and missing header in one refusal, ignoring 序号', async () => {
    const headers = [
      '序号',
      '姓名',
      '姓 名',
      '性别',
      '出生年月',
      '身份证号',
      '单位代码',
      '职务',
      '职级',
    ];
    const error = await refusal(read(Buffer.from(csvText([headers, headers]))));
    expect(error.code).toBe('BAD_HEADERS');
    expect(error.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [1, '姓 名', 'DUPLICATE_HEADER'],
      [1, '出生年月', 'UNKNOWN_HEADER'],
      [1, '出生日期', 'MISSING_HEADER'],
      [1, '学历', 'MISSING_HEADER'],
      [1, '政治面貌', 'MISSING_HEADER'],
    ]);
  });

  it('stops reading a stream as soon as it passes the size limit', async () => {
    const { stream, pulled } = endless(Buffer.from(csvText([CADRE_HEADERS])));
    const error = await refusal(readImportFile(stream, CADRE_TABLE, { limits: { maxBytes: 1e5 } }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(pulled()).toBeLessThan(2000);
    await expectNoMoreReads(pulled);
  });

  it('refuses a file with more rows than the limit without reading the rest', async () => {
    const [header, row] = [csvText([CADRE_HEADERS]), csvText([CADRE_ROW])].map((t) =>
      Buffer.from(t),
    );
    const { stream, pulled } = endless(row, header);
    const error = await refusal(readImportFile(stream, CADRE_TABLE, { limits: { maxRows: 100 } }));
    expect(error.code).toBe('TOO_MANY_ROWS');
    expect(pulled()).toBeLessThan(1000);
    await expectNoMoreReads(pulled);
  });

  it('refuses a CSV with a 10 MB cell without buffering it', async () => {
    const huge = CADRE_ROW.map((c, i) => (i === 5 ? 'x'.repeat(10 * 1024 * 1024) : c));
    const error = await refusal(read(Buffer.from(csvText([CADRE_HEADERS, CADRE_ROW, huge]))));
    expect(error.code).toBe('CELL_TOO_LONG');
    expect(error.message).toContain('Row 3');
  });

  it('refuses a CSV whose quotes do not close as a corrupt file', async () => {
    const broken = csvText([CADRE_HEADERS]) + CADRE_ROW.join(',') + ',"unclosed\r\n';
    expect((await refusal(read(Buffer.from(broken)))).code).toBe('CORRUPT_FILE');
  });

  it('reads units with their own columns', async () => {
    const csv = csvText([
      ['单位代码', '单位名称', '单位类型', '行政级别', '地区', '发达地区', '急难险重领域'],
      ['DW9', '某镇', '乡镇', '乡镇级', '某县', '否', '信访'],
    ]);
    const file = await readImportFile(Buffer.from(csv), UNIT_TABLE);
    expect(file.rows[0].values).toEqual({
      code: 'DW9',
      name: '某镇',
      kind: 'TOWNSHIP',
      adminLevel: 'TOWNSHIP',
      region: '某县',
      isDevelopedRegion: false,
      frontlineArea: 'PETITIONS',
      parentCode: null,
    });
  });
});

describe('every bad cell of a row', () => {
  const kinds = [
    ['cadres', CADRE_TABLE, (v: never) => cadreWriteService.rowProblems(v)],
    ['units', UNIT_TABLE, (v: never) => unitWriteService.rowProblems(v)],
    ['users', USER_TABLE, (v: never) => userImportService.rowProblems(v)],
  ] as const;

  it('lists a bad ID number beside a cell that did not read, when the service checks the rest', async () => {
    const row = CADRE_ROW.map((c, i) => (i === 1 ? '未知' : i === 3 ? '110101199007150028' : c));
    row[9] = '也许';
    const file = await readImportFile(Buffer.from(csvText([CADRE_HEADERS, row])), CADRE_TABLE, {
      check: (values) => cadreWriteService.rowProblems(values) as never,
    });
    expect(file.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, '性别', 'INVALID_CHOICE'],
      [2, '班子成员', 'INVALID_BOOLEAN'],
      [2, '身份证号', 'INVALID_ID_NUMBER'],
    ]);
  });

  it('does not name a cell twice: the check’s problem with a cell that did not read is dropped', async () => {
    const row = CADRE_ROW.map((c, i) => (i === 2 ? '1990-02-30' : c));
    const file = await readImportFile(Buffer.from(csvText([CADRE_HEADERS, row])), CADRE_TABLE, {
      check: () => [
        {
          field: 'birthDate',
          code: 'INVALID_DATES',
          message: { en: 'not the ID’s', zh: '与身份证号不符' },
        },
      ],
    });
    expect(file.errors.map(({ column, code }) => [column, code])).toEqual([
      ['出生日期', 'INVALID_DATE'],
    ]);
  });

  it.each(kinds)(
    'lists the one unreadable cell of a %s row, wherever it is, and the service’s check copes',
    async (_, anyTable, check) => {
      const table = anyTable as ImportTable<Record<string, unknown>>;
      const fields = fieldsOf(table);
      const headers = fields.map((field) => table[field].header);
      const example = fields.map((field) => {
        const { example: value, codec } = table[field] as Column<unknown>;
        return value === null ? '' : codec.write(value as never);
      });
      for (const [index, header] of headers.entries()) {
        const row = example.map((cell, i) => (i === index ? '=1+1' : cell));
        const file = await readImportFile(Buffer.from(csvText([headers, row])), table, {
          check: check as never,
        });
        expect([header, file.errors[0]]).toMatchObject([
          header,
          { column: header, code: 'FORMULA_NOT_ALLOWED' },
        ]);
      }
    },
  );
});
