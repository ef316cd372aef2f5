import { Worker } from 'node:worker_threads';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld } from './support/world';

/**
 * Abuse: 8 anonymous clients send the worst documents they can for 20 s while one client polls
 * /healthz. Prints the poller's p50/p99 (goal: p99 < 250 ms on the 2-core machine) and what the
 * attackers got; asserts only a generous bound, since the machine is shared.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await buildWorld(env);
});
afterAll(() => env.close());

const times = (n: number, text: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => text(i)).join(' ');

const level = `postings(first: 100) { nodes { cadre { postings(first: 100) { nodes { evaluations(first: 100) { nodes { id } } } } } } }`;

/** The documents that cost most before this issue's limits, and variants near the new bounds. */
const WORST = [
  // 15 KB of repeated selections: 0.2–0.5 s of validation each before.
  `{ ${times(700, () => 'units { nodes { id } }')} }`,
  // 4 fragments × 4 aliases of nested connections: 18 s of SQL before.
  `${times(4, (f) => `fragment F${f} on Query { ${times(4, (a) => `a${f}${a}: ${level}`)} }`)} { ...F0 ...F1 ...F2 ...F3 }`,
  // Fragments doubling at each step: 2^20 fields once inlined.
  `${times(20, (i) => `fragment D${i} on Query { ...D${i + 1} ...D${i + 1} }`)} fragment D20 on Query { __typename } { ...D0 }`,
  // Just within the anonymous bounds, and over the anonymous budget.
  `{ ${times(7, (i) => `u${i}: units(first: 100) { nodes { ${times(5, () => 'id')} } }`)} }`,
  // Anonymous introspection and a subscription.
  `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`,
  `subscription { ${times(100, () => '__typename')} }`,
];

/** Plain JavaScript for the worker thread: `clients` loops posting the documents in turn. */
const ATTACKERS = `
const { parentPort, workerData: { url, documents, until, clients } } = require('node:worker_threads');
const counts = {};
async function client(offset) {
  for (let i = offset; Date.now() < until; i++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: documents[i % documents.length] }),
    });
    const body = await res.json();
    const key = res.status + ' ' + ((body.errors && body.errors[0].extensions.code) || 'ok');
    counts[key] = (counts[key] || 0) + 1;
  }
}
Promise.all(Array.from({ length: clients }, (_, i) => client(i))).then(() => parentPort.postMessage(counts));
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Polls /healthz every 50 ms until `until`; the latencies in ms. */
async function poll(until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${env.baseUrl}/healthz`);
    await res.text();
    latencies.push(performance.now() - started);
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return latencies.sort((a, b) => a - b);
}

const figures = (l: number[]) =>
  `${l.length} polls p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms`;

it('keeps /healthz answering while 8 anonymous clients send the worst documents for 20 s', async () => {
  // The same poller with nobody attacking: what this (shared) machine gives at the moment.
  const quiet = await poll(Date.now() + 3_000);
  const until = Date.now() + 20_000;
  // The attackers run on a thread of their own, so that their side of the traffic does not wait
  // in the server's event loop (the test and the server share this process).
  const attackers = new Worker(ATTACKERS, {
    eval: true,
    workerData: { url: env.url, documents: WORST, until, clients: 8 },
  });
  const outcomes = new Promise<Record<string, number>>((resolve, reject) => {
    attackers.once('message', resolve);
    attackers.once('error', reject);
  });
  const [latencies, counts] = await Promise.all([poll(until), outcomes]);
  await attackers.terminate();
  const p99 = percentile(latencies, 99);
  const sent = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(
    `abuse 20 s, 8 anonymous clients: ${sent} requests (${Object.entries(counts)
      .map(([k, n]) => `${k} × ${n}`)
      .join(', ')}); ` +
      `/healthz under attack: ${figures(latencies)}, max ${latencies.at(-1)!.toFixed(1)} ms (goal p99 < 250 ms); ` +
      `quiet, before: ${figures(quiet)}`,
  );
  // Every attack was refused with a client error, never a 5xx, and nothing ran long.
  expect(Object.keys(counts).every((k) => /^4\d\d /.test(k))).toBe(true);
  expect(p99).toBeLessThan(3_000);
}, 40_000);
