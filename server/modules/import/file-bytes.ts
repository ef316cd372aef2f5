import { Readable } from 'node:stream';
import { ImportFileError } from './file-errors';

/** An import file as the routes and the CLI get it: a request body, a file stream or a buffer. */
export type ImportSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export type FileFormat = 'xlsx' | 'csv';

/**
 * The file's bytes as they arrive, refused with FILE_TOO_LARGE as soon as they pass `maxBytes`:
 * the rest is never read. A stream is left paused, not destroyed, so that an HTTP route can still
 * answer on its connection (and close it); the stream's owner ends it.
 */
export async function* boundedBytes(
  source: ImportSource,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  if (source instanceof Uint8Array) {
    if (source.length > maxBytes) throw tooLarge(maxBytes);
    if (source.length > 0) yield Buffer.from(source.buffer, source.byteOffset, source.length);
    return;
  }
  const chunks = source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source;
  let total = 0;
  for await (const chunk of chunks as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
}

function tooLarge(maxBytes: number): ImportFileError {
  const mb = (maxBytes / 1024 / 1024).toFixed(0);
  return new ImportFileError('FILE_TOO_LARGE', {
    en: `The file is larger than ${mb} MB.`,
    zh: `文件超过 ${mb} MB。`,
  });
}

/** The first bytes of a stream and the whole stream again, for deciding by content. */
export async function peek(
  chunks: AsyncIterable<Buffer>,
  count: number,
): Promise<{ head: Buffer; chunks: AsyncGenerator<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  while (length < count) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    length += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  return { head: Buffer.concat(seen).subarray(0, count), chunks: replay() };
}

const ZIP_LOCAL_FILE = Buffer.from('PK\x03\x04', 'latin1');
/** Formats people send by mistake: old .xls (OLE), PDF, PNG, JPEG, GZIP, an empty ZIP. */
const OTHER_BINARIES = ['d0cf11e0', '25504446', '89504e47', 'ffd8ff', '1f8b', '504b0506'];

/**
 * Decides by content, not by name or Content-Type (both are whatever the sender says): a ZIP is
 * taken for .xlsx (exceljs then tells a workbook from other ZIPs), text for CSV.
 */
export function detectFormat(head: Buffer): FileFormat {
  if (head.subarray(0, 4).equals(ZIP_LOCAL_FILE)) return 'xlsx';
  if (/^(fffe|feff)/.test(head.toString('hex'))) {
    throw new ImportFileError('UNSUPPORTED_ENCODING', {
      en: 'The file is UTF-16 text (Excel’s “Unicode text”); save it as .xlsx or “CSV UTF-8”.',
      zh: '该文件为 UTF-16 文本（Excel 的“Unicode 文本”），请另存为 .xlsx 或“CSV UTF-8”格式。',
    });
  }
  const hex = head.toString('hex');
  if (OTHER_BINARIES.some((magic) => hex.startsWith(magic)) || head.includes(0)) {
    throw new ImportFileError('UNSUPPORTED_FILE_TYPE', {
      en: 'The file is not an .xlsx workbook or a CSV file; save it from Excel as .xlsx or “CSV UTF-8”.',
      zh: '该文件不是 .xlsx 工作簿或 CSV 文件，请在 Excel 中另存为 .xlsx 或“CSV UTF-8”格式。',
    });
  }
  return 'csv';
}
