import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeCsvExport } from '../../server/common/export/csv-export';
import type { ExportColumn } from '../../server/common/export/export-columns';
import { writeXlsxExport } from '../../server/common/export/xlsx-export';
import { CADRE_TABLE, type CadreImportValues } from '../../server/modules/import/cadres.table';
import { fieldsOf } from '../../server/modules/import/columns';
import { openImportFile } from '../../server/modules/import/import-reader';

/**
 * `npm run bench:files`: the file layer of import and export, no database. Each case runs in its
 * own process so that its peak RSS is its own: export of EXPORT_ROWS rows (default 100 000) to
 * CSV and .xlsx, and parsing of IMPORT_ROWS cadres (default 50 000) from CSV and .xlsx.
 */
const EXPORT_ROWS = Number(process.env.EXPORT_ROWS ?? 100_000);
const IMPORT_ROWS = Number(process.env.IMPORT_ROWS ?? 50_000);
const DIR = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-files-'));

/** A posting-like export row: the columns the postings export will have. */
interface PostingRow {
  id: number;
  cadre: string;
  sendingUnit: string;
  receivingUnit: string;
  type: string;
  status: string;
  positionTitle: string;
  startDate: string;
  plannedEndDate: string;
  substantive: boolean;
  grade: string | null;
  score: number;
}

const POSTING_COLUMNS: ExportColumn<PostingRow>[] = [
  { header: '编号', value: (r) => r.id },
  { header: '干部姓名', value: (r) => r.cadre },
  { header: '派出单位', value: (r) => r.sendingUnit },
  { header: '接收单位', value: (r) => r.receivingUnit },
  { header: '挂职类型', value: (r) => r.type },
  { header: '状态', value: (r) => r.status },
  { header: '挂职职务', value: (r) => r.positionTitle },
  { header: '开始日期', value: (r) => r.startDate },
  { header: '计划结束日期', value: (r) => r.plannedEndDate },
  { header: '实职', value: (r) => r.substantive },
  { header: '期满考核等次', value: (r) => r.grade },
  { header: '平均分', value: (r) => r.score },
];

/** Rows made as a keyset-paged query would hand them out: asynchronously, a page at a time. */
async function* postings(count: number): AsyncGenerator<PostingRow> {
  for (let page = 0; page * 500 < count; page += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = page * 500; i < Math.min(count, (page + 1) * 500); i += 1) {
      yield {
        id: i + 1,
        cadre: `干部${i}`,
        sendingUnit: `某某县第${i % 97}局`,
        receivingUnit: `某某镇人民政府${i % 53}`,
        type: i % 3 === 0 ? '下派基层' : '上挂',
        status: '挂职中',
        positionTitle: '副镇长',
        startDate: '2026-03-01',
        plannedEndDate: '2027-02-28',
        substantive: i % 2 === 0,
        grade: i % 5 === 0 ? '优秀' : null,
        score: 80 + (i % 20),
      };
    }
  }
}

function cadre(i: number): CadreImportValues {
  return {
    ...(Object.fromEntries(
      fieldsOf(CADRE_TABLE).map((field) => [field, CADRE_TABLE[field].example]),
    ) as unknown as CadreImportValues),
    name: `干部${i}`,
    idNumber: `11010119850302${String(i % 10000).padStart(4, '0')}`,
  };
}

/** The cadre import's own columns as an export: the file a department fills in. */
const CADRE_COLUMNS: ExportColumn<CadreImportValues>[] = fieldsOf(CADRE_TABLE).map((field) => ({
  header: CADRE_TABLE[field].header,
  value: (row) => {
    const value = row[field];
    const codec = CADRE_TABLE[field].codec as { write: (v: unknown) => string };
    return value === null ? null : codec.write(value);
  },
}));

async function* cadres(count: number): AsyncGenerator<CadreImportValues> {
  for (let i = 0; i < count; i += 1) yield cadre(i);
}

const CASES: Record<string, () => Promise<{ rows: number; label: string }>> = {
  'export-csv': async () => {
    const file = path.join(DIR, 'postings.csv');
    const rows = await writeCsvExport(
      postings(EXPORT_ROWS),
      POSTING_COLUMNS,
      fs.createWriteStream(file),
    );
    return { rows, label: `export ${rows} postings → CSV (${mb(fs.statSync(file).size)})` };
  },
  'export-xlsx': async () => {
    const file = path.join(DIR, 'postings.xlsx');
    const rows = await writeXlsxExport(
      postings(EXPORT_ROWS),
      POSTING_COLUMNS,
      fs.createWriteStream(file),
    );
    return { rows, label: `export ${rows} postings → .xlsx (${mb(fs.statSync(file).size)})` };
  },
  'import-csv': () => parse('cadres.csv'),
  'import-xlsx': () => parse('cadres.xlsx'),
};

async function parse(name: string): Promise<{ rows: number; label: string }> {
  const file = path.join(DIR, name);
  const opened = await openImportFile(fs.createReadStream(file), CADRE_TABLE);
  let rows = 0;
  let errors = 0;
  for await (const row of opened.rows) {
    if (row.errors) errors += 1;
    else rows += 1;
  }
  if (errors > 0) throw new Error(`${errors} rows of ${name} were refused`);
  return { rows, label: `parse ${rows} cadres ← ${name} (${mb(fs.statSync(file).size)})` };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs one case in this process and prints its line: rows/s and this process's peak RSS. */
async function runCase(name: string): Promise<void> {
  const start = performance.now();
  const { rows, label } = await CASES[name]();
  const seconds = (performance.now() - start) / 1000;
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(52)} ${Math.round(rows / seconds)
      .toLocaleString('en-US')
      .padStart(8)} rows/s  ` + `${seconds.toFixed(2)} s  peak RSS ${peak.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) return runCase(only);
  // The import files, written once with the export writers (the cadre import's own columns).
  await writeCsvExport(
    cadres(IMPORT_ROWS),
    CADRE_COLUMNS,
    fs.createWriteStream(path.join(DIR, 'cadres.csv')),
  );
  await writeXlsxExport(
    cadres(IMPORT_ROWS),
    CADRE_COLUMNS,
    fs.createWriteStream(path.join(DIR, 'cadres.xlsx')),
  );
  console.log(
    `files bench (no database), Node ${process.version}, ${os.cpus().length} CPUs, files in ${DIR}`,
  );
  for (const name of Object.keys(CASES)) {
    const child = spawnSync(process.execPath, [__filename, name], {
      env: { ...process.env, BENCH_DIR: DIR },
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exitCode = 1;
  }
  if (!process.env.BENCH_DIR) fs.rmSync(DIR, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
