import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type autocannonType from 'autocannon';
import { Client } from 'pg';
import { projectRoot } from '../../server/common/project-root';
import { freePort } from '../support/ports';
import { BENCH_BUDGETS, benchClient } from './bench-app';
import { peerRequire } from './peer-install';

/**
 * Guazhi as `npm start` runs it, in a process of its own, for the benchmarks under load: a client
 * in the server's process would spend the server's one thread on its own requests. Production
 * mode, the benchmarks' raised query budgets, its own port (BENCH_PORT, else a free one); with
 * BENCH_PROFILE a CPU profile of the server (`--cpu-prof`) is written there when it stops.
 */
export interface BenchServer {
  baseUrl: string;
  /** Its /graphql. */
  endpoint: string;
  pid: number;
  /** CPU time the server process has used so far (user + system), in ms. */
  cpuMs(): number;
  /** Its resident memory now, in MiB (NaN off Linux). */
  rssMiB(): number;
  post: ReturnType<typeof benchClient>['post'];
  tokenOf: ReturnType<typeof benchClient>['tokenOf'];
  stop(): Promise<void>;
}

/** The Node flags `npm start` passes, read from package.json's start script so the two agree. */
const NODE_FLAGS = (
  JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'))
  .join(' ');

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far (user + system), in ms, from /proc (Linux); NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    // The fields after the command name (which may hold spaces) start at state; utime, stime are
    // the 14th and 15th fields of the line.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** RSS of a process in MiB from /proc (Linux); NaN elsewhere. */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
  } catch {
    return NaN;
  }
}

async function sweepsOf(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alert_sweep',
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * Starts the built server (dist/server/index.js) on `databaseUrl` and waits until it answers and
 * has finished the alert sweep it runs on start, so that no sweep competes with the figures;
 * `node` is the Node binary to run it on (default this one).
 */
export async function startBenchServer(
  databaseUrl: string,
  options: { node?: string } = {},
): Promise<BenchServer> {
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  const profile = process.env.BENCH_PROFILE;
  const sweepsBefore = await sweepsOf(databaseUrl);
  const child = spawn(
    options.node ?? process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      // As `npm start` runs it (package.json): see README, "Running at scale". BENCH_NODE_FLAGS
      // replaces these flags, to measure others against them.
      ...(process.env.BENCH_NODE_FLAGS ?? NODE_FLAGS).split(' ').filter(Boolean),
      path.join(__dirname, '..', '..', 'server', 'index.js'),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        GUAZHI_JWT_SECRET: 'b'.repeat(40),
        GUAZHI_SEED: 'false',
        GUAZHI_QUERY_BUDGETS: BENCH_BUDGETS,
        // One log line per request would cost the server and flood the figures.
        GUAZHI_LOG_LEVEL: process.env.GUAZHI_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 600 || child.exitCode !== null) throw new Error('the bench server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The sweep on start records itself in alert_sweep when it commits (seconds at scale 625).
    for (let i = 0; (await sweepsOf(databaseUrl)) === sweepsBefore; i++) {
      if (i > 1200) throw new Error('the bench server did not finish its alert sweep in 2 min');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const endpoint = `${baseUrl}/graphql`;
  return {
    baseUrl,
    endpoint,
    pid: child.pid!,
    cpuMs: () => cpuMsOf(child.pid!),
    rssMiB: () => rssOf(child.pid!),
    ...benchClient(endpoint),
    stop,
  };
}

/** One operation under load, as `loadOf` measured it. */
export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** Failed requests: network errors, timeouts, HTTP other than 2xx. */
  errors: number;
  /** The server's CPU time per request (user + system), robust to other load on the machine. */
  cpuMsPerRequest: number;
  /** The server's RSS at the end, in MiB. */
  rssMiB: number;
}

/**
 * `connections` clients (autocannon) sending one operation as fast as the server answers, for
 * `seconds` after `warmUpSeconds` of the same; the operation is sent once first and must answer
 * without errors.
 */
export async function loadOf(
  server: BenchServer,
  operation: { query: string; variables?: object; token: string },
  options: { connections: number; seconds: number; warmUpSeconds?: number },
): Promise<LoadResult> {
  const { query, variables = {}, token } = operation;
  await server.post(query, variables, token);
  const request = {
    url: server.endpoint,
    method: 'POST',
    connections: options.connections,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  };
  // From the benchmarks' own folder (./peer-install.ts), not the project's install.
  const autocannon = peerRequire<typeof autocannonType>('autocannon');
  await autocannon({ ...request, duration: options.warmUpSeconds ?? 2 });
  const cpuBefore = server.cpuMs();
  const result = await autocannon({ ...request, duration: options.seconds });
  const cpu = server.cpuMs() - cpuBefore;
  return {
    perSecond: result.requests.total / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMsPerRequest: cpu / Math.max(1, result.requests.total),
    rssMiB: server.rssMiB(),
  };
}

/** One load figure: throughput, latencies and the server's CPU time per request. */
export function formatLoad(r: LoadResult): string {
  return (
    `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
    `server CPU ${r.cpuMsPerRequest.toFixed(2)} ms/request (${r.requests} requests` +
    `${r.errors ? `, ${r.errors} failed` : ''})`
  );
}
