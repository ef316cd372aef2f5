import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { encodeCursor } from '../../server/common/pagination';
import { openDatabase } from '../../server/db/data-source';
import {
  ensureDatabase,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../server/db/embedded';
import { DEMO_PASSWORD, formatSummary, seedDemo } from '../../server/seed/demo';
import { StatementCounter } from '../support/env';
import { freePort } from '../support/ports';
import { alertsBench } from './alerts';
import { startBenchApp } from './bench-app';
import { rssOf, startBenchServer, type BenchServer } from './bench-server';
import { dashboardsBench, demoTokens } from './dashboards';
import { importBench } from './import';
import { peersBench, writeResultsSection } from './peers';
import { scaleBench } from './scale';

/**
 * `npm run bench`: seeds BENCH_SCALE × the demo volume (default 625 ≈ 100 000 postings) into a fresh
 * database and prints latencies of typical reads. Keyset pages should cost the same at any depth,
 * and the nested query the same number of statements for 5 or 100 rows. Then the exports of those
 * postings over HTTP, the import of 50 000 cadres into PostgreSQL (./import.ts) and the file layer
 * alone (./files.ts: export of 100 000 postings, parsing of 50 000 cadres).
 *
 * BENCH_ONLY=files runs the import and file cases alone (minutes, no 100 000-posting seed);
 * BENCH_ONLY=reads the seeded reads and exports alone; BENCH_ONLY=peers Guazhi side by side with
 * PostGraphile 5 and the floor alone (./peers.ts), then the dashboard list at scale 10 and at
 * the seeded scale (./scale.ts); BENCH_ONLY=dashboards the dashboards'
 * reads under load alone (./dashboards.ts).
 *
 * BENCH_DATABASE_URL names a database to reuse: seeded (and analyzed) only when it has no units,
 * kept afterwards, so that a 100 000-posting seed is paid once for many runs. Without it, the
 * bench seeds a database of its own and drops it.
 */
const SCALE = Number(process.env.BENCH_SCALE ?? 625);
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && !['files', 'reads', 'dashboards', 'peers'].includes(ONLY)) {
  throw new Error(`BENCH_ONLY is files, reads, dashboards or peers, not ${ONLY}`);
}
const REUSED_URL = process.env.BENCH_DATABASE_URL;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const NESTED = `query ($first: Int!, $after: String) {
  postings(first: $first, after: $after) {
    nodes {
      id type status
      cadre { name homeUnit { name } }
      receivingUnit { name }
      mentorship { mentor { name } }
      evaluations(first: 10) { totalCount nodes { kind grade averageScore } }
    }
  }
}`;

/** The nested lists a unit manager reads: each level goes through a record policy. */
const MANAGER_NESTED = `query ($first: Int!) {
  postings(first: $first) {
    nodes {
      id type status
      receivingUnit { name }
      mentorships(first: 5) { nodes { startDate } }
      evaluations(first: 10) { totalCount nodes { kind grade averageScore } }
      feedbackReports(first: 5) { nodes { period } }
    }
  }
}`;

/** The line feeds in a chunk (the bench's client must cost little next to the server). */
function lineFeeds(chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count += 1;
  return count;
}

/** Downloads one export, sampling the server's RSS; rows counted from the CSV's lines or the sheet. */
async function timedExport(url: string, token: string, pid: number) {
  const rssBefore = rssOf(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssOf(pid));
  }, 10);
  const start = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  const csv = url.includes('.csv');
  const parts: Buffer[] = [];
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (csv) lines += lineFeeds(chunk);
    else parts.push(Buffer.from(chunk));
  }
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const rows = csv ? lines - 1 : await xlsxRows(Buffer.concat(parts));
  return { seconds, rows, bytes, rssBefore, rssPeak };
}

async function xlsxRows(file: Buffer): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {});
  for await (const sheet of reader) for await (const _row of sheet) rows += 1;
  return rows - 1;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl && !REUSED_URL) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-bench-'));
    embedded = await startEmbeddedPostgres(dir, await freePort());
    adminUrl = embedded.adminUrl;
  }
  try {
    if (ONLY !== 'files') await readsBench(adminUrl);
    if (ONLY === undefined || ONLY === 'files') {
      if (!adminUrl) throw new Error('the import bench needs DATABASE_URL (or no database at all)');
      await importBench(adminUrl);
      console.log('');
      const files = spawnSync(process.execPath, [path.join(__dirname, 'files.js')], {
        stdio: 'inherit',
      });
      if (files.status !== 0) process.exitCode = 1;
    }
  } finally {
    await embedded?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The seeded database's reads, and its postings exported over HTTP. */
async function readsBench(adminUrl: string | undefined): Promise<void> {
  const database = `bench_${Date.now()}`;
  let url: URL;
  if (REUSED_URL) url = new URL(REUSED_URL);
  else {
    await ensureDatabase(adminUrl!, database);
    url = new URL(adminUrl!);
    url.pathname = `/${database}`;
  }
  const statements = new StatementCounter();
  const dataSource = await openDatabase(url.toString(), { logger: statements });

  const [{ units }] = await dataSource.query('SELECT count(*)::int AS units FROM unit');
  if (units === 0) {
    const seedStart = performance.now();
    const summary = await seedDemo(dataSource, { scale: SCALE });
    console.log(
      `seed scale ${SCALE}: ${formatSummary(summary)} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    await dataSource.query('ANALYZE');
  } else console.log(`reusing ${url.pathname.slice(1)}: ${units} units, seeded before`);

  const { app, endpoint } = await startBenchApp(dataSource);
  const post = async (query: string, variables: object, token?: string) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const close = async () => {
    await app.stop();
    await dataSource.destroy();
    if (REUSED_URL) return;
    const { Client } = await import('pg');
    const adminClient = new Client({ connectionString: adminUrl });
    await adminClient.connect();
    await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminClient.end();
  };
  // The cases under load, and the exports, against Guazhi in a process of its own
  // (./bench-server.ts), so that its figures (CPU, peak RSS) are the server's alone.
  const underLoad = async (run: (server: BenchServer) => Promise<void>) => {
    const server = await startBenchServer(url.toString());
    try {
      await run(server);
    } finally {
      await server.stop();
    }
  };
  const dashboards = (server: BenchServer) =>
    demoTokens(server).then((tokens) => dashboardsBench(server, tokens, new Date().getFullYear()));
  const login = await post('mutation ($i: LoginInput!) { login(input: $i) { token } }', {
    i: { username: 'admin', password: DEMO_PASSWORD },
  });
  const token = login.login.token as string;
  // A unit manager's reads go through the posting and record policies at every list level.
  const managerLogin = await post('mutation ($i: LoginInput!) { login(input: $i) { token } }', {
    i: { username: 'manager', password: DEMO_PASSWORD },
  });
  const managerToken = managerLogin.login.token as string;

  if (ONLY === 'dashboards') {
    await underLoad(dashboards);
    return await close();
  }
  // Last in a whole run, and alone: three servers of their own on the same database.
  const peers = async () => {
    await writeResultsSection(await peersBench(url.toString()));
    await writeResultsSection(await scaleBench(url.toString()));
  };
  if (ONLY === 'peers') {
    await peers();
    return await close();
  }

  const [{ total }] = await dataSource.query('SELECT count(*)::int AS total FROM posting');
  const [deep] = await dataSource.query(
    'SELECT id, start_date FROM posting ORDER BY start_date, id OFFSET $1 LIMIT 1',
    [Math.floor(total * 0.9)],
  );
  const cases: [string, string, object, string?][] = [
    ['postings(first: 100), first page', NESTED, { first: 100 }],
    [
      'postings(first: 100), nested lists, unit manager',
      MANAGER_NESTED,
      { first: 100 },
      managerToken,
    ],
    [
      `postings(first: 100) after row ${Math.floor(total * 0.9)}`,
      NESTED,
      { first: 100, after: encodeCursor(deep.start_date, deep.id) },
    ],
    ['postings(first: 5), nested', NESTED, { first: 5 }],
    [
      'postings totalCount, ACTIVE filter',
      '{ postings(first: 1, filter: { status: [ACTIVE] }) { totalCount } }',
      {},
    ],
    [
      'alerts(first: 20), newest first',
      '{ alerts(first: 20) { totalCount nodes { kind raisedOn detail posting { id } } } }',
      {},
    ],
    [
      'statistics (all aggregates)',
      '{ statistics { postingCounts { count } gradeDistribution { count } excellentShares { share } dimensionAverages { average } alertCounts { count } promotionAfterReturn { rate } } }',
      {},
    ],
    [
      'units → leadershipTeam → postingsReceived',
      '{ units(first: 50) { nodes { name leadershipTeam { nodes { name } } postingsReceived(first: 5) { totalCount nodes { id } } } } }',
      {},
    ],
  ];

  console.log(`\n${total} postings; ${RUNS} runs per case (after 3 warm-up runs)\n`);
  console.log('case'.padEnd(52), 'median ms', '  p95 ms', '  SQL statements');
  for (const [name, query, variables, caseToken = token] of cases) {
    for (let i = 0; i < 3; i++) await post(query, variables, caseToken);
    const times: number[] = [];
    let sql = 0;
    for (let i = 0; i < RUNS; i++) {
      statements.reset();
      const start = performance.now();
      await post(query, variables, caseToken);
      times.push(performance.now() - start);
      sql = statements.count;
    }
    times.sort((a, b) => a - b);
    console.log(
      name.padEnd(52),
      percentile(times, 50).toFixed(1).padStart(9),
      percentile(times, 95).toFixed(1).padStart(8),
      String(sql).padStart(16),
    );
  }
  console.log(`\nserver process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

  console.log('');
  await underLoad(async (server) => {
    await alertsBench(dataSource, server);

    // Exports over HTTP, streamed, so that the server's peak RSS is the export's.
    console.log(`\nexport of ${total} postings over HTTP, server in its own process`);
    console.log(
      'case, after a warm-up run'.padEnd(52),
      '  seconds',
      '  rows/s',
      ' server RSS MiB before/peak',
    );
    for (const [name, file, role] of [
      ['GET /export/postings.csv, admin', 'postings.csv', token],
      ['GET /export/postings.xlsx, admin', 'postings.xlsx', token],
      ['GET /export/postings.csv, unit manager', 'postings.csv', managerToken],
      ['GET /export/cadres.csv, admin (audited)', 'cadres.csv', token],
    ] as const) {
      const exportUrl = `${server.baseUrl}/export/${file}`;
      await timedExport(exportUrl, role, server.pid); // warm-up: JIT, connections
      const result = await timedExport(exportUrl, role, server.pid);
      console.log(
        name.padEnd(52),
        result.seconds.toFixed(2).padStart(9),
        String(Math.round(result.rows / result.seconds)).padStart(8),
        `${result.rssBefore.toFixed(0)} / ${result.rssPeak.toFixed(0)}`.padStart(28),
        ` (${result.rows} rows, ${(result.bytes / 2 ** 20).toFixed(1)} MiB)`,
      );
    }

    await dashboards(server);
  });
  if (ONLY === undefined) await peers();
  await close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
