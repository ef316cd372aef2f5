import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { GuazhiClient } from '../../sdk/src';
import { createTestEnv } from '../support/env';
import { liveClient } from '../support/live';
import { buildWorld } from '../support/world';

/**
 * `npm run bench:live` (DATABASE_URL: a PostgreSQL server to create a scratch database on):
 * 100 alertChanged subscribers (25 each: an org admin, an analyst, the managers of units A and B,
 * each on a connection of its own) on one in-process server, then bursts of alert events
 * published in one statement. Prints the events delivered per second to all subscribers and the
 * SQL statements the server sent per event published (the fan-out's reads: fewer is better, and
 * robust to the machine's load, unlike the rate).
 */
const SUBSCRIBERS = 100;
const EVENTS = 200;
const ROUNDS = 2;
const QUIET_MS = 3_000;

const SELECTION = `subscription ($after: ID) {
  alertChanged(afterEventId: $after) { eventId change alert { id kind posting { id status } } }
}`;

async function main(): Promise<void> {
  const env = await createTestEnv({ wsMaxConnections: SUBSCRIBERS, wsMaxSubscriptions: 10 });
  const clients: GuazhiClient[] = [];
  try {
    const world = await buildWorld(env);
    const alerts: { id: number; kind: string; postingId: number }[] = await env.dataSource.query(
      'SELECT id, kind, posting_id AS "postingId" FROM alert ORDER BY id',
    );
    if (alerts.length === 0) throw new Error('the world has no alert to publish events about');
    const tokens = [
      world.tokens.admin,
      world.tokens.analyst,
      world.tokens.managerA,
      world.tokens.managerB,
    ];
    const [{ from }]: { from: string }[] = await env.dataSource.query(
      'SELECT coalesce(max(id), 0)::text AS from FROM live_event',
    );
    let delivered = 0;
    let lastAt = 0;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const client = liveClient(env.url, tokens[i % tokens.length]);
      clients.push(client);
      client.subscribe(
        SELECTION,
        { after: from },
        {
          next: () => {
            delivered++;
            lastAt = performance.now();
          },
          error: (error) => console.error('subscription ended:', error.message),
        },
      );
    }
    // Every subscription is in place once an event about a first alert reached all of them; an
    // untimed burst then tells how many deliveries a burst makes (managers read a part).
    await publish(env.dataSource, alerts.slice(0, 1), 1);
    await quiet();
    let before = delivered;
    await publish(env.dataSource, alerts, EVENTS);
    await quiet();
    const expected = delivered - before;
    console.log(
      `live fan-out: ${SUBSCRIBERS} alertChanged subscribers (admin, analyst, 2 managers), ` +
        `${alerts.length} alerts, ${EVENTS} events per burst = ${expected} deliveries`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      before = delivered;
      env.statements.reset();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await publish(env.dataSource, alerts, EVENTS);
      while (delivered - before < expected) {
        if (performance.now() - start > 600_000) throw new Error('deliveries missing after 600 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      const ms = lastAt - start;
      const got = delivered - before;
      const used = process.cpuUsage(cpu);
      console.log(
        `  round ${round}: ${got} deliveries in ${ms.toFixed(0)} ms = ` +
          `${Math.round((got / ms) * 1000)} events/s delivered; ` +
          `${((env.statements.count - 1) / EVENTS).toFixed(1)} SQL statements per event published; ` +
          `CPU ${((used.user + used.system) / 1000 / got).toFixed(2)} ms per delivery (server and clients)`,
      );
      console.log(`    statements by table read first: ${byTable(env.statements.statements)}`);
    }

    /** Until no event arrived for QUIET_MS (and at least one since the last call). */
    async function quiet(): Promise<void> {
      const from = delivered;
      while (delivered === from) await new Promise((r) => setTimeout(r, 20));
      let seen = -1;
      while (seen !== delivered) {
        seen = delivered;
        await new Promise((r) => setTimeout(r, QUIET_MS));
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.disconnect()));
    await env.close();
  }
}

/** How many statements read each table first (`FROM "alert"` …), most first. */
function byTable(statements: string[]): string {
  const counts = new Map<string, number>();
  for (const sql of statements) {
    const table = /FROM "?([a-z_]+)"?/i.exec(sql)?.[1] ?? sql.slice(0, 20);
    counts.set(table, (counts.get(table) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}

/** `count` events about `alerts` round-robin, in one statement (one transaction). */
async function publish(
  dataSource: import('typeorm').DataSource,
  alerts: { id: number; kind: string; postingId: number }[],
  count: number,
): Promise<void> {
  await dataSource.query(
    `SELECT rules.publish_event('alert', jsonb_build_object('alertId', (a->>'id')::int, 'kind', a->>'kind',
        'postingId', (a->>'postingId')::int, 'change', 'RAISED'))
      FROM generate_series(0, $2 - 1) AS i,
        LATERAL (SELECT $1::jsonb -> (i % jsonb_array_length($1::jsonb))) AS x(a)`,
    [JSON.stringify(alerts), count],
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
