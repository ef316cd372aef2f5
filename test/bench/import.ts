import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { loadConfig } from '../../server/config';
import { contextFor } from '../../server/context';
import { openDatabase } from '../../server/db/data-source';
import { ensureDatabase } from '../../server/db/embedded';
import { REGISTRY } from '../../server/modules';
import { AuthService } from '../../server/modules/auth/auth.service';
import { idNumberCheckDigit } from '../../server/modules/cadre/id-number';
import { CADRE_TABLE, type CadreImportValues } from '../../server/modules/import/cadres.table';
import { fieldsOf } from '../../server/modules/import/columns';
import { importPolicy } from '../../server/modules/import/import.policy';
import { importService, type ImportSummary } from '../../server/modules/import/import.service';
import type { ImportKind } from '../../server/modules/import/import-kinds';

/**
 * The cadre import end to end against PostgreSQL (issue #8: ≥ 2 000 rows/s for 50 000 cadres, peak
 * RSS < 300 MB): a CSV of IMPORT_ROWS cadres (default 50 000) with valid ID numbers, imported as
 * a dry run, for real, and again (every row unchanged). Each run is `npm run import`'s work
 * (read, check, upsert, audit, commit) in a child process of its own, whose peak RSS is read from
 * /proc/self/status (VmHWM) when it is done.
 */
const IMPORT_ROWS = Number(process.env.IMPORT_ROWS ?? 50_000);

/**
 * The heap bound `npm run import` gives its process (package.json): V8 would otherwise let dead
 * chunks pile up to several hundred MB before its first full collection, whatever lives.
 */
const IMPORT_NODE_FLAGS =
  (
    JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      scripts: { import: string };
    }
  ).scripts.import.match(/--max-old-space-size=\d+/g) ?? [];
const UNITS = 50;

const unitCode = (i: number) => `BENCH-U${String(i % UNITS).padStart(2, '0')}`;

/** A valid, distinct ID number per row: birth day and sequence from the row number. */
function idNumberOf(i: number): { idNumber: string; birthDate: string; male: boolean } {
  const day = new Date(Date.UTC(1960, 0, 1) + (i % 12_000) * 86_400_000);
  const birthDate = day.toISOString().slice(0, 10);
  const sequence = 100 + Math.floor(i / 12_000) * 2 + (i % 2);
  const first17 = `110101${birthDate.replaceAll('-', '')}${sequence}`;
  return { idNumber: first17 + idNumberCheckDigit(first17), birthDate, male: sequence % 2 === 1 };
}

function cadreRow(i: number): CadreImportValues {
  const { idNumber, birthDate, male } = idNumberOf(i);
  const example = Object.fromEntries(
    fieldsOf(CADRE_TABLE).map((field) => [field, CADRE_TABLE[field].example]),
  ) as unknown as CadreImportValues;
  return {
    ...example,
    name: `干部${i}`,
    gender: (male ? 'MALE' : 'FEMALE') as CadreImportValues['gender'],
    birthDate,
    idNumber,
    homeUnitCode: unitCode(i),
    phone: `138${String(i).padStart(8, '0')}`,
  };
}

/** The cadre file a department fills in: the import's own headers and labels. */
export function writeCadreCsv(file: string, rows: number): void {
  const fields = fieldsOf(CADRE_TABLE);
  const cell = (field: (typeof fields)[number], value: unknown) => {
    if (value === null) return '';
    const codec = CADRE_TABLE[field].codec as { write: (v: unknown) => string };
    const text = codec.write(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, fields.map((f) => CADRE_TABLE[f].header).join(',') + '\r\n');
  for (let i = 0; i < rows; i++) {
    const row = cadreRow(i);
    fs.writeSync(out, fields.map((f) => cell(f, row[f])).join(',') + '\r\n');
  }
  fs.closeSync(out);
}

function writeUnitCsv(file: string): void {
  const lines = ['单位代码,单位名称,单位类型,行政级别,地区'];
  for (let i = 0; i < UNITS; i++)
    lines.push(`${unitCode(i)},测试单位${i},TOWNSHIP,TOWNSHIP,测试县`);
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
}

/**
 * CPU seconds a process has used, from /proc/<pid>/stat (utime + stime, in clock ticks of 1/100 s
 * on Linux): readable for a local PostgreSQL's backends when the bench runs as their user or root.
 */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

interface ChildResult {
  seconds: number;
  /** CPU seconds of the importing process and of its PostgreSQL backends (NaN where unreadable). */
  nodeCpu: number;
  pgCpu: number;
  peakRssMb: number;
  summary: Pick<ImportSummary, 'rows' | 'created' | 'updated' | 'unchanged' | 'written'> & {
    errors: number;
  };
}

/** In the child: one import as `npm run import` runs it, timed, and this process's peak RSS. */
async function runChild(databaseUrl: string, kind: ImportKind, file: string, dryRun: boolean) {
  const dataSource = await openDatabase(databaseUrl);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  const deps = {
    dataSource,
    config,
    auth: new AuthService(dataSource, config),
    registry: REGISTRY,
  };
  const ctx = contextFor(deps, importPolicy.systemViewer, 'bench');
  const backends = async () => {
    const rows: { pid: number }[] = await dataSource.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    return rows.reduce((sum, { pid }) => sum + cpuSecondsOf(pid), 0);
  };
  const pgBefore = await backends();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const summary = await importService.run(ctx, {
    kind,
    source: fs.createReadStream(file),
    dryRun,
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgCpu = (await backends()) - pgBefore;
  await dataSource.destroy();
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  const { rows, created, updated, unchanged, written } = summary;
  if (summary.errors.length > 0) console.error(summary.errors.slice(0, 5));
  const result: ChildResult = {
    seconds,
    nodeCpu: (cpu.user + cpu.system) / 1e6,
    pgCpu,
    peakRssMb,
    summary: { rows, created, updated, unchanged, written, errors: summary.errors.length },
  };
  process.stdout.write(JSON.stringify(result));
}

function child(databaseUrl: string, kind: ImportKind, file: string, dryRun: boolean): ChildResult {
  const run = spawnSync(
    process.execPath,
    [
      ...IMPORT_NODE_FLAGS,
      ...(process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
        : []),
      __filename,
      'child',
      databaseUrl,
      kind,
      file,
      String(dryRun),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) throw new Error(`the ${kind} import child failed (${run.status})`);
  return JSON.parse(run.stdout) as ChildResult;
}

/** Creates its own database beside `adminUrl`'s, imports into it, prints a line per run, drops it. */
export async function importBench(adminUrl: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-import-'));
  const database = `bench_import_${Date.now()}`;
  await ensureDatabase(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  try {
    await (await openDatabase(databaseUrl)).destroy(); // migrated once, before the timed runs
    const units = path.join(dir, 'units.csv');
    const cadres = path.join(dir, 'cadres.csv');
    writeUnitCsv(units);
    writeCadreCsv(cadres, IMPORT_ROWS);
    const size = (fs.statSync(cadres).size / 2 ** 20).toFixed(1);
    child(databaseUrl, 'units', units, false);
    console.log(
      `\nimport of ${IMPORT_ROWS} cadres (CSV, ${size} MiB) into PostgreSQL, each run in its own process`,
    );
    console.log(
      'run'.padEnd(32),
      '  seconds',
      '  rows/s',
      ' CPU s node+pg',
      ' rows/CPU-s',
      ' peak RSS MiB',
      '  outcome',
    );
    for (const [name, dryRun] of [
      ['dry run', true],
      ['import', false],
      ['re-import (every row unchanged)', false],
    ] as const) {
      const { seconds, nodeCpu, pgCpu, peakRssMb, summary } = child(
        databaseUrl,
        'cadres',
        cadres,
        dryRun,
      );
      const outcome =
        `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.errors} errors${summary.written ? '' : ', not written'}`;
      console.log(
        name.padEnd(32),
        seconds.toFixed(2).padStart(9),
        String(Math.round(summary.rows / seconds)).padStart(8),
        `${nodeCpu.toFixed(1)}+${pgCpu.toFixed(1)}`.padStart(14),
        String(Math.round(summary.rows / (nodeCpu + pgCpu))).padStart(11),
        peakRssMb.toFixed(0).padStart(13),
        ` ${outcome}`,
      );
    }
  } finally {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    if (!process.env.BENCH_KEEP)
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    if (process.env.BENCH_KEEP) console.log(`kept ${databaseUrl} and ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module && process.argv[2] === 'child') {
  const [databaseUrl, kind, file, dryRun] = process.argv.slice(3);
  runChild(databaseUrl, kind as ImportKind, file, dryRun === 'true').catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
