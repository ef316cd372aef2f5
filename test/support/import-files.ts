import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportFileError } from '../../server/modules/import/file-errors';

/** The cadre sheet of a typical HR department, header first, as rows of cell text. */
export const CADRE_HEADERS = [
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '单位代码',
  '职务',
  '职级',
  '学历',
  '政治面貌',
  '班子成员',
  '后备干部',
];
export const CADRE_ROW = [
  '李四',
  '女',
  '1990-07-15',
  '110101199007150027',
  'DW002',
  '科长',
  '正科',
  '硕士',
  '中共党员',
  '是',
  '否',
];
export const CADRE_VALUES = {
  name: '李四',
  gender: 'FEMALE',
  birthDate: '1990-07-15',
  idNumber: '110101199007150027',
  homeUnitCode: 'DW002',
  positionTitle: '科长',
  rank: 'SECTION_CHIEF',
  education: 'MASTER',
  politicalStatus: 'CPC_MEMBER',
  isLeadership: true,
  isReserve: false,
  isTrainee: null,
  isRecruitedGraduate: null,
  specialties: null,
  phone: null,
};

/** CSV text from rows of cells, quoting where needed, lines ended by CRLF as Excel writes them. */
export function csvText(rows: readonly (readonly string[])[]): string {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

export const utf8Bom = (text: string) =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
export const gb18030 = (text: string) => iconv.encode(text, 'gb18030');

/** An .xlsx file whose first worksheet has these rows (each value as exceljs writes it). */
export async function xlsxFile(
  rows: readonly (readonly ExcelJS.CellValue[])[],
  shape?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('干部');
  for (const row of rows) sheet.addRow([...row]);
  shape?.(sheet);
  workbook.addWorksheet('其他').addRow(['not', 'read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A ZIP of stored (uncompressed) entries, written by hand so that a test can make one that is
 * not a workbook, or one whose directory claims a huge unpacked size (a “zip bomb”).
 */
export function zipFile(entries: { name: string; data: Buffer; claimedSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.claimedSize ?? entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    directory.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/** A stream that yields `first`, then `chunk` forever, counting how many chunks were pulled. */
export function endless(chunk: Buffer, first?: Buffer): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled += 1;
      this.push(pulled === 1 && first ? first : chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

/** The refusal a promise ends in, so a test can assert its code and details. */
export async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

/** exceljs declares its own `Buffer` (an ArrayBuffer); a Node Buffer is what it reads at run time. */
export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}
