import 'reflect-metadata';
import type autocannonType from 'autocannon';
import { Client } from 'pg';
import { openDatabase } from '../../server/db/data-source';
import { ensureDatabase } from '../../server/db/embedded';
import { seedDemo } from '../../server/seed/demo';
import { cpuMsOf, startBenchServer, type BenchServer } from './bench-server';
import { DASHBOARD_LIST } from './dashboards';
import { NODE_22, peerRequire } from './peer-install';
import { median, writeResultsSection } from './peers';

/**
 * Issue 12's goal that the dashboard list cost the same whatever the data: Guazhi on the seeded
 * database (scale 625) and on a scale-10 one (1 600 postings, seeded here next to it and dropped
 * afterwards), the two servers on Node 22 as in ./peers.ts, driven alternately (SCALE_ROUNDS
 * rounds, PEER_CONNECTIONS connections, PEER_SECONDS after a warm-up). Goal: throughput within
 * 20 % of each other.
 *
 * Run alone: `BENCH_DATABASE_URL=… node server/launch.cjs test/bench/scale`; `npm run bench`
 * runs it after the peers. Prints, and writes its section of test/bench/RESULTS.md.
 */
const CONNECTIONS = Number(process.env.PEER_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.PEER_SECONDS ?? 10);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 3);
const SMALL_SCALE = 10;

/** The maintenance database of `databaseUrl`'s server. */
function adminUrlOf(databaseUrl: string): string {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  return admin.toString();
}

async function withAdmin<T>(databaseUrl: string, work: (client: Client) => Promise<T>) {
  const client = new Client({ connectionString: adminUrlOf(databaseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database next to `databaseUrl`'s, seeded at scale 10 and analyzed; its URL. */
async function seedSmall(databaseUrl: string): Promise<string> {
  const name = `bench_scale${SMALL_SCALE}_${Date.now()}`;
  await ensureDatabase(adminUrlOf(databaseUrl), name);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const dataSource = await openDatabase(url.toString());
  try {
    await seedDemo(dataSource, { scale: SMALL_SCALE });
    await dataSource.query('ANALYZE');
  } finally {
    await dataSource.destroy();
  }
  return url.toString();
}

async function postingsIn(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM posting')).rows[0].n;
  } finally {
    await client.end();
  }
}

interface Run {
  perSecond: number;
  p99: number;
  cpuMsPerRequest: number;
}

async function drive(server: BenchServer, token: string): Promise<Run> {
  const autocannon = peerRequire<typeof autocannonType>('autocannon');
  const request = {
    url: server.endpoint,
    method: 'POST' as const,
    connections: CONNECTIONS,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: DASHBOARD_LIST, variables: { first: 50 } }),
  };
  await autocannon({ ...request, duration: 2 }); // warm-up
  const cpuBefore = cpuMsOf(server.pid);
  const result = await autocannon({ ...request, duration: SECONDS });
  if (result.errors + result.non2xx + result.timeouts > 0)
    throw new Error(`${result.errors + result.non2xx + result.timeouts} requests failed`);
  return {
    perSecond: result.requests.total / SECONDS,
    p99: result.latency.p99,
    cpuMsPerRequest: (cpuMsOf(server.pid) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

export async function scaleBench(databaseUrl: string): Promise<string> {
  const smallUrl = await seedSmall(databaseUrl);
  const servers: [string, BenchServer][] = [];
  const runs = new Map<string, Run[]>();
  try {
    for (const url of [smallUrl, databaseUrl]) {
      const label = `${await postingsIn(url)} postings`;
      servers.push([label, await startBenchServer(url, { node: NODE_22 })]);
    }
    const tokens = await Promise.all(servers.map(([, server]) => server.tokenOf('admin')));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [label, server]] of servers.entries()) {
        const run = await drive(server, tokens[i]);
        runs.set(label, [...(runs.get(label) ?? []), run]);
        console.log(
          `  dashboard list at ${label}, round ${round + 1}: ${run.perSecond.toFixed(0)} req/s, ` +
            `p99 ${run.p99} ms, ${run.cpuMsPerRequest.toFixed(2)} ms CPU/request`,
        );
      }
    }
  } finally {
    for (const [, server] of servers) await server.stop();
    await withAdmin(databaseUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${new URL(smallUrl).pathname.slice(1)} WITH (FORCE)`),
    );
  }
  const lines = [
    '## The dashboard list at scale 10 and 625 (`test/bench/scale.ts`)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Guazhi alone on Node 22, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per run after 2 s of warm-up, ${ROUNDS} rounds ` +
      'alternating the two databases; figures are the median run (range over runs).',
    '',
    '| database | req/s | p99 ms | server CPU ms/request |',
    '|---|---|---|---|',
  ];
  const medians: number[] = [];
  for (const [label] of servers) {
    const figures = runs.get(label) ?? [];
    const rates = figures.map((f) => f.perSecond);
    medians.push(median(rates));
    lines.push(
      `| ${label} | ${median(rates).toFixed(0)} (${Math.min(...rates).toFixed(0)}–` +
        `${Math.max(...rates).toFixed(0)}) | ${median(figures.map((f) => f.p99))} | ` +
        `${median(figures.map((f) => f.cpuMsPerRequest)).toFixed(2)} |`,
    );
  }
  const [small, large] = medians;
  lines.push(
    '',
    `- ${servers[1]?.[0]} / ${servers[0]?.[0]}: ${(large / small).toFixed(2)} ` +
      '(goal: within 20 %, 0.80–1.20)',
  );
  const section = lines.join('\n');
  console.log('\n' + section);
  return section;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL names a database seeded at scale 625');
  await writeResultsSection(await scaleBench(url));
}

// Run directly or through server/launch.cjs (which puts the built file in argv[1]).
if (process.argv[1] === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
