import iconv from 'iconv-lite';
import { ImportFileError } from './file-errors';

export type TextEncoding = 'utf-8' | 'gb18030';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Non-ASCII bytes looked at before deciding: Chinese text in GB18030 is not valid UTF-8 for long. */
const SAMPLE_BYTES = 4096;

/**
 * Decodes a CSV file's bytes as they arrive. A BOM means UTF-8; otherwise ASCII passes through
 * until the first non-ASCII bytes, which are valid UTF-8 or taken for GB18030 (what Excel in a
 * Chinese locale writes as “CSV”). `encoding()` tells which, once known.
 */
export function csvTextDecoder(): {
  decode: (chunks: AsyncIterable<Buffer>) => AsyncGenerator<string>;
  encoding: () => TextEncoding;
} {
  let chosen: TextEncoding = 'utf-8';
  async function* decode(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const gb18030 = iconv.getDecoder('gb18030');
    let decoder: ((bytes: Buffer) => string) | null = null;
    let pending = Buffer.alloc(0);
    let first = true;
    const decide = (final: boolean): string => {
      const sample = pending.subarray(0, SAMPLE_BYTES);
      if (isUtf8Prefix(sample, final && sample.length === pending.length)) {
        decoder = (bytes) => strictUtf8(utf8, bytes);
      } else {
        chosen = 'gb18030';
        decoder = (bytes) => gb18030.write(bytes);
      }
      const text = decoder(pending);
      pending = Buffer.alloc(0);
      return text;
    };
    for await (let chunk of chunks) {
      if (first) {
        first = false;
        if (chunk.subarray(0, 3).equals(UTF8_BOM)) {
          decoder = (bytes) => strictUtf8(utf8, bytes);
          chunk = chunk.subarray(3);
        }
      }
      if (decoder) {
        yield decoder(chunk);
        continue;
      }
      if (pending.length === 0) {
        const firstNonAscii = chunk.findIndex((byte) => byte >= 0x80);
        if (firstNonAscii < 0) {
          yield chunk.toString('latin1');
          continue;
        }
        yield chunk.subarray(0, firstNonAscii).toString('latin1');
        chunk = chunk.subarray(firstNonAscii);
      }
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= SAMPLE_BYTES) yield decide(false);
    }
    if (!decoder && pending.length > 0) yield decide(true);
    yield chosen === 'utf-8' ? strictUtf8(utf8, undefined) : (gb18030.end() ?? '');
  }
  return { decode, encoding: () => chosen };
}

/** Whether `bytes` are valid UTF-8, allowing a sequence cut at the end unless `final`. */
function isUtf8Prefix(bytes: Buffer, final: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 that turns invalid later on (two files pasted together) is refused, not guessed at. */
function strictUtf8(decoder: TextDecoder, bytes: Buffer | undefined): string {
  try {
    return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
  } catch {
    throw new ImportFileError('UNSUPPORTED_ENCODING', {
      en: 'The file starts as UTF-8 but later holds bytes that are not UTF-8; save it again as “CSV UTF-8”.',
      zh: '文件开头为 UTF-8 编码，但后面含有非 UTF-8 字节，请重新另存为“CSV UTF-8”格式。',
    });
  }
}
