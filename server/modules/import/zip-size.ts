import { ImportFileError } from './file-errors';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** ZIP64 marks sizes it keeps elsewhere with all ones; no workbook within the limits needs it. */
const ZIP64_MARK = 0xffffffff;

/**
 * Sums the unpacked sizes a ZIP's central directory declares, and refuses the file when they pass
 * `maxUnpackedBytes`: a small .xlsx can unpack to gigabytes, and exceljs would hold its shared
 * strings in memory. (A ZIP whose directory lies is still bounded by the row and cell checks only
 * as far as exceljs streams; this catches every honest file and the common bombs.)
 */
export function checkUnpackedSize(zip: Buffer, maxUnpackedBytes: number): void {
  const end = findEndOfDirectory(zip);
  if (end < 0) throw corrupt();
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === ZIP64_MARK) throw tooLarge();
  let total = 0;
  for (let at = directoryOffset; at + 46 <= end && zip.readUInt32LE(at) === DIRECTORY_ENTRY;) {
    const unpacked = zip.readUInt32LE(at + 24);
    if (unpacked === ZIP64_MARK) throw tooLarge();
    total += unpacked;
    if (total > maxUnpackedBytes) throw tooLarge();
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}

function findEndOfDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65 535.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at -= 1) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

function corrupt(): ImportFileError {
  return new ImportFileError('CORRUPT_FILE', {
    en: 'The .xlsx file is damaged (no ZIP directory).',
    zh: '该 .xlsx 文件已损坏（缺少 ZIP 目录）。',
  });
}

function tooLarge(): ImportFileError {
  return new ImportFileError('FILE_TOO_LARGE', {
    en: 'The .xlsx file unpacks to more than the import limit; split it into smaller files.',
    zh: '该 .xlsx 文件解压后超过导入上限，请拆分为多个较小的文件。',
  });
}
