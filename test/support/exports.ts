import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import type { TestEnv } from './env';
import { loadWorkbook } from './import-files';

/** One export as the client receives it. */
export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** GETs `path` (e.g. `/export/postings.csv?status=ACTIVE`) with the token as a Bearer header. */
export async function download(env: TestEnv, path: string, token?: string): Promise<Download> {
  const res = await fetch(`${env.baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The rows of a sheet as header → cell, and the headers in order. */
export interface Sheet {
  headers: string[];
  rows: Record<string, string>[];
}

function sheetOf(records: string[][]): Sheet {
  const [headers, ...rest] = records;
  return {
    headers,
    rows: rest.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']))),
  };
}

/** A CSV export read back (UTF-8 with its BOM). */
export function csvSheet(body: Buffer): Sheet {
  return sheetOf(parse(body.toString('utf8'), { bom: true }) as string[][]);
}

/** An .xlsx export read back: its one worksheet, every cell as text. */
export async function xlsxSheet(body: Buffer): Promise<Sheet & { name: string }> {
  const workbook = await loadWorkbook(body);
  const sheet = workbook.worksheets[0];
  const records: string[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    records.push(values.map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return { name: sheet.name, ...sheetOf(records) };
}

/** The error body of a refused export. */
export function errorOf(download: Download): { message: string; code: string; field?: string } {
  const { errors } = JSON.parse(download.body.toString('utf8')) as {
    errors: { message: string; extensions: { code: string; field?: string } }[];
  };
  return { message: errors[0].message, ...errors[0].extensions };
}

/** A destination that accepts nothing until released: a client that stopped reading. */
export function stalled(): { out: Writable; release: () => void } {
  const waiting: (() => void)[] = [];
  let open = false;
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(_chunk, _encoding, callback) {
      if (open) callback();
      else waiting.push(() => callback());
    },
  });
  return {
    out,
    release: () => {
      open = true;
      waiting.splice(0).forEach((done) => done());
    },
  };
}
