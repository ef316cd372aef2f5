import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type autocannonType from 'autocannon';
import { Client } from 'pg';
import { toGlobalId } from '../../server/common/global-id';
import { freePort } from '../support/ports';
import { cpuMsOf, rssOf, startBenchServer } from './bench-server';
import { DASHBOARD_LIST } from './dashboards';
import { NODE_22, PEER_DIR, peerRequire } from './peer-install';
import { startWireCounter } from './wire-count';

/**
 * Guazhi side by side with PostGraphile 5 and the floor (issue 12), on one seeded database, all
 * three on the Node 22 of the peer folder (./peer-install.ts): Guazhi in production mode with
 * every authorization rule applied (as ORG_ADMIN), PostGraphile 5 with its amber preset and no
 * authorization at all, and the floor — each query as one hand-written SQL statement whose JSON
 * PostgreSQL builds (./peer/floor.mjs). Each is driven by autocannon (PEER_CONNECTIONS
 * connections, PEER_SECONDS after a warm-up), alternating A B C A B C (PEER_ROUNDS rounds), on:
 *   1. issue 12's dashboard list: 50 ACTIVE postings with cadre, home unit, receiving unit,
 *      current mentor, latest evaluation grade;
 *   2. a unit page: the unit receiving the most postings, its leadership team and
 *      postingsReceived(first: 20), each with its cadre and its latest three feedback reports.
 * Statements per request are counted on the wire (./wire-count.ts) in a pass of their own.
 *
 * Run alone: `BENCH_DATABASE_URL=… node server/launch.cjs test/bench/peers`; `npm run bench`
 * runs it last. Both print; this writes its section of test/bench/RESULTS.md.
 */
const CONNECTIONS = Number(process.env.PEER_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.PEER_SECONDS ?? 10);
const ROUNDS = Number(process.env.PEER_ROUNDS ?? 2);

const POSTGRAPHILE_LIST = `{
  allPostings(first: 50, condition: { status: "ACTIVE" }, orderBy: [START_DATE_ASC, PRIMARY_KEY_ASC]) {
    nodes {
      id type status startDate
      cadreByCadreId { name unitByHomeUnitId { name } }
      unitByReceivingUnitId { name }
      mentorshipsByPostingId(condition: { endDate: null }, first: 1) { nodes { cadreByMentorId { name } } }
      evaluationsByPostingId(orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC], first: 1) { nodes { grade } }
    }
  }
}`;

const GUAZHI_UNIT = `query ($id: ID!) {
  node(id: $id) {
    ... on Unit {
      id name
      leadershipTeam(first: 50) { nodes { id name } }
      postingsReceived(first: 20) {
        nodes {
          id type startDate
          cadre { id name }
          feedbackReports(first: 3, orderBy: { field: CREATED_AT, direction: DESC }) {
            nodes { period daysOnSite }
          }
        }
      }
    }
  }
}`;

const POSTGRAPHILE_UNIT = `query ($id: Int!) {
  unitByRowId(rowId: $id) {
    rowId name
    cadresByHomeUnitId(condition: { isLeadership: true }, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], first: 50) {
      nodes { rowId name }
    }
    postingsByReceivingUnitId(orderBy: [START_DATE_ASC, PRIMARY_KEY_ASC], first: 20) {
      nodes {
        rowId type startDate
        cadreByCadreId { rowId name }
        feedbackReportsByPostingId(orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC], first: 3) {
          nodes { period daysOnSite }
        }
      }
    }
  }
}`;

/** One server under test, and how each query is asked of it. */
interface Target {
  name: string;
  pid: number;
  requests: Record<QueryName, { url: string; body: string; headers: Record<string, string> }>;
  stop(): Promise<void>;
}

type QueryName = 'list' | 'unit';
const QUERIES: Record<QueryName, string> = {
  list: '1. dashboard list (50 ACTIVE postings, nested)',
  unit: '2. unit page (team + 20 postings × 3 reports)',
};

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  errors: number;
}

/** A peer server script of ./peer, on Node 22, on a free port; resolves once it says "ready". */
async function startPeerScript(script: string, databaseUrl: string) {
  const port = await freePort();
  const child = spawn(NODE_22, [path.join(PEER_DIR, script), databaseUrl, String(port)], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

async function startGuazhi(databaseUrl: string, unitId: number): Promise<Target> {
  const server = await startBenchServer(databaseUrl, { node: NODE_22 });
  const headers = { ...JSON_HEADERS, authorization: `Bearer ${await server.tokenOf('admin')}` };
  const body = (query: string, variables: object) => JSON.stringify({ query, variables });
  return {
    name: 'Guazhi',
    pid: server.pid,
    requests: {
      list: { url: server.endpoint, headers, body: body(DASHBOARD_LIST, { first: 50 }) },
      unit: {
        url: server.endpoint,
        headers,
        body: body(GUAZHI_UNIT, { id: toGlobalId('Unit', unitId) }),
      },
    },
    stop: server.stop,
  };
}

async function startPostGraphile(databaseUrl: string, unitId: number): Promise<Target> {
  const peer = await startPeerScript('postgraphile.mjs', databaseUrl);
  const url = `${peer.baseUrl}/graphql`;
  return {
    name: 'PostGraphile 5',
    pid: peer.pid,
    requests: {
      list: { url, headers: JSON_HEADERS, body: JSON.stringify({ query: POSTGRAPHILE_LIST }) },
      unit: {
        url,
        headers: JSON_HEADERS,
        body: JSON.stringify({ query: POSTGRAPHILE_UNIT, variables: { id: unitId } }),
      },
    },
    stop: peer.stop,
  };
}

async function startFloor(databaseUrl: string, unitId: number): Promise<Target> {
  const peer = await startPeerScript('floor.mjs', databaseUrl);
  return {
    name: 'floor (one SQL statement)',
    pid: peer.pid,
    requests: {
      list: { url: `${peer.baseUrl}/dashboard`, headers: JSON_HEADERS, body: '{}' },
      unit: { url: `${peer.baseUrl}/unit?id=${unitId}`, headers: JSON_HEADERS, body: '{}' },
    },
    stop: peer.stop,
  };
}

const STARTERS = [startGuazhi, startPostGraphile, startFloor];

/** Sends a request once and fails unless it answers 200 with data and no errors. */
async function checkAnswer(target: Target, query: QueryName): Promise<void> {
  const { url, body, headers } = target.requests[query];
  const res = await fetch(url, { method: 'POST', headers, body });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || !json.data || json.errors) {
    throw new Error(
      `${target.name}, ${query}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`,
    );
  }
}

/** Statements each query sends per request, counted on the wire over `samples` requests. */
async function statementsPerRequest(databaseUrl: string, unitId: number, samples = 20) {
  const counts: Record<string, Record<QueryName, number>> = {};
  const counter = await startWireCounter(databaseUrl);
  try {
    for (const start of STARTERS) {
      const target = await start(counter.url, unitId);
      try {
        counts[target.name] = { list: 0, unit: 0 };
        for (const query of Object.keys(QUERIES) as QueryName[]) {
          for (let i = 0; i < 3; i++) await checkAnswer(target, query); // connections, caches
          counter.reset();
          for (let i = 0; i < samples; i++) await checkAnswer(target, query);
          counts[target.name][query] = counter.statements() / samples;
        }
      } finally {
        await target.stop();
      }
    }
  } finally {
    await counter.close();
  }
  return counts;
}

/** One target under load for one query; the server's CPU and its peak RSS sampled meanwhile. */
async function load(target: Target, query: QueryName, peakRss: Map<string, number>) {
  const autocannon = peerRequire<typeof autocannonType>('autocannon');
  const request = { ...target.requests[query], method: 'POST', connections: CONNECTIONS };
  await autocannon({ ...request, duration: 2 }); // warm-up
  const sampler = setInterval(() => {
    peakRss.set(target.name, Math.max(peakRss.get(target.name) ?? 0, rssOf(target.pid)));
  }, 100);
  const cpuBefore = cpuMsOf(target.pid);
  try {
    const result = await autocannon({ ...request, duration: SECONDS });
    return {
      perSecond: result.requests.total / SECONDS,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMsPerRequest: (cpuMsOf(target.pid) - cpuBefore) / Math.max(1, result.requests.total),
      errors: result.errors + result.non2xx + result.timeouts,
    } satisfies Figures;
  } finally {
    clearInterval(sampler);
  }
}

/** The middle value (the upper one of an even count). */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function machine(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [{ server_version: pg }] = (await client.query('SHOW server_version')).rows;
    const [{ postings, cadres }] = (
      await client.query(
        'SELECT (SELECT count(*) FROM posting)::int AS postings, (SELECT count(*) FROM cadre)::int AS cadres',
      )
    ).rows;
    const cpus = os.cpus();
    return (
      `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus.length} × ` +
      `${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `PostgreSQL ${pg}; servers on Node ${(await nodeVersion()).trim()}; ` +
      `${postings} postings, ${cadres} cadres; load average before ${os.loadavg()[0].toFixed(2)}`
    );
  } finally {
    await client.end();
  }
}

async function nodeVersion(): Promise<string> {
  const child = spawn(NODE_22, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  for await (const chunk of child.stdout) out += chunk;
  return out;
}

export async function peersBench(databaseUrl: string): Promise<string> {
  peerRequire('autocannon'); // installs the peer folder now, not mid-run
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const [{ unit_id: unitId }] = (
    await client.query(
      `SELECT receiving_unit_id AS unit_id FROM posting GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
  ).rows;
  await client.end();
  const header = await machine(databaseUrl);
  console.log(`\npeers: ${header}`);
  const statements = await statementsPerRequest(databaseUrl, unitId);

  const runs = new Map<string, Figures[]>(); // "target|query" → one figure per round
  const peakRss = new Map<string, number>();
  const targets: Target[] = [];
  try {
    for (const start of STARTERS) targets.push(await start(databaseUrl, unitId));
    for (const target of targets) {
      for (const query of Object.keys(QUERIES) as QueryName[]) await checkAnswer(target, query);
    }
    for (const query of Object.keys(QUERIES) as QueryName[]) {
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of targets) {
          const key = `${target.name}|${query}`;
          const figures = await load(target, query, peakRss);
          runs.set(key, [...(runs.get(key) ?? []), figures]);
          console.log(
            `  ${QUERIES[query]}, ${target.name}, round ${round + 1}: ` +
              `${figures.perSecond.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms` +
              `${figures.errors ? `, ${figures.errors} failed` : ''}`,
          );
        }
      }
    }
  } finally {
    for (const target of targets) await target.stop();
  }

  const lines = [
    `## Guazhi, PostGraphile 5 and the floor (\`test/bench/peers.ts\`)`,
    '',
    header + '.',
    `${CONNECTIONS} connections (autocannon), ${SECONDS} s per run after 2 s of warm-up, ` +
      `${ROUNDS} rounds alternating the servers; figures are the median run (range over runs).`,
    '',
    '| query | server | req/s | p50 ms | p99 ms | server CPU ms/request | statements/request | peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const ratios: string[] = [];
  for (const query of Object.keys(QUERIES) as QueryName[]) {
    const perSecond: Record<string, number> = {};
    for (const target of targets) {
      const figures = runs.get(`${target.name}|${query}`)!;
      const rates = figures.map((f) => f.perSecond);
      perSecond[target.name] = median(rates);
      lines.push(
        `| ${QUERIES[query]} | ${target.name} | ${median(rates).toFixed(0)} ` +
          `(${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}) | ` +
          `${median(figures.map((f) => f.p50))} | ${median(figures.map((f) => f.p99))} | ` +
          `${median(figures.map((f) => f.cpuMsPerRequest)).toFixed(2)} | ` +
          `${statements[target.name][query].toFixed(1)} | ` +
          `${(peakRss.get(target.name) ?? NaN).toFixed(0)} |`,
      );
    }
    const [guazhi, postgraphile, floor] = targets.map((t) => perSecond[t.name]);
    ratios.push(
      `- ${QUERIES[query]}: Guazhi / PostGraphile ${(guazhi / postgraphile).toFixed(2)} ` +
        `(goal ≥ 1.2), Guazhi / floor ${(guazhi / floor).toFixed(2)} (goal ≥ 0.6)`,
    );
  }
  lines.push(
    '',
    ...ratios,
    `- peak RSS over both queries: Guazhi ${(peakRss.get('Guazhi') ?? NaN).toFixed(0)} MiB (goal < 250)`,
  );
  const section = lines.join('\n');
  console.log('\n' + section);
  return section;
}

/**
 * Replaces (or appends) one `## ` section of test/bench/RESULTS.md, keeping the others, formatted
 * as `prettier --check .` (CI) expects.
 */
export async function writeResultsSection(section: string): Promise<void> {
  const file = path.join(PEER_DIR, '..', 'RESULTS.md');
  const title = section.slice(0, section.indexOf('\n'));
  const preamble =
    '# Benchmark results\n\nWritten by `npm run bench` (each section by the part that measured it); ' +
    'the machine and date head each section.\n';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : preamble;
  const sections = text.split(/\n(?=## )/);
  const at = sections.findIndex((s) => s.startsWith(title));
  if (at >= 0) sections[at] = section + '\n';
  else sections.push(section + '\n');
  const prettier = await import('prettier');
  fs.writeFileSync(file, await prettier.format(sections.join('\n'), { filepath: file }));
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names a seeded database');
  await writeResultsSection(await peersBench(url));
}

// Run directly or through server/launch.cjs (which puts the built file in argv[1]).
if (process.argv[1] === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
