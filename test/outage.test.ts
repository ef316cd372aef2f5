import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateUnitDocument, LoginDocument } from '../sdk/src';
import { Role } from '../server/common/role';
import type { ShutdownMode } from '../server/db/embedded';
import { UnitCountDocument } from './generated/graphql';
import { startChildPostgres, type ChildPostgres } from './support/child-pg';
import { createTestEnv, type TestEnv } from './support/env';
import { freePort } from './support/ports';
import { login, user } from './support/world';
import { committedCodes, startWriteLoad, type Answer } from './support/write-load';

/**
 * A database outage is the server's to report honestly: 503 SERVICE_UNAVAILABLE with Retry-After,
 * no host or driver text, and no acknowledged write lost. The file starts its own PostgreSQL so
 * it can stop and restart it (fast = SIGINT, immediate = SIGQUIT, a crash and recovery).
 */
let dir: string;
let pg: ChildPostgres;
let pgPort: number;
let env: TestEnv;
let token: string;
let previousAdminUrl: string | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-outage-'));
  fs.chmodSync(dir, 0o755);
  pgPort = await freePort();
  pg = await startChildPostgres(dir, pgPort);
  previousAdminUrl = process.env.GUAZHI_TEST_ADMIN_URL;
  process.env.GUAZHI_TEST_ADMIN_URL = pg.adminUrl;
  // Development on purpose: it used to put the driver's message (the host) in the answer.
  env = await createTestEnv({ env: 'development', exposeErrorDetails: true });
  await user(env.dataSource, 'admin', Role.ORG_ADMIN);
  token = await login(env, 'admin');
}, 120_000);

afterAll(async () => {
  await env?.close();
  await pg?.stop();
  process.env.GUAZHI_TEST_ADMIN_URL = previousAdminUrl;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function post(body: unknown, authorization?: string) {
  const res = await fetch(env.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() };
}

function expectUnavailable(answer: { status: number; retryAfter: string | null; text: string }) {
  expect(answer).toMatchObject({ status: 503, retryAfter: '2' });
  const body = JSON.parse(answer.text) as { errors: { extensions: Record<string, unknown> }[] };
  expect(body.errors[0].extensions).toMatchObject({
    code: 'SERVICE_UNAVAILABLE',
    retryable: true,
    retryAfter: 2,
  });
  // Nothing of the database's address or the driver's words.
  expect(answer.text).not.toMatch(
    new RegExp(`127\\.0\\.0\\.1|localhost|${pgPort}|ECONN|connect|terminated|stacktrace`, 'i'),
  );
}

describe('while PostgreSQL is down', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After on every path, and /healthz says so', async () => {
    await pg.restart('fast', async () => {
      // A signed-in query fails while its context is built, a login inside execution.
      expectUnavailable(await post({ query: UnitCountDocument.toString() }, token));
      expectUnavailable(
        await post({
          query: LoginDocument.toString(),
          variables: { input: { username: 'admin', password: 'whatever-it-is' } },
        }),
      );
      const health = await fetch(`${env.baseUrl}/healthz`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('2');
      const exported = await fetch(`${env.baseUrl}/export/postings.csv`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expectUnavailable({
        status: exported.status,
        retryAfter: exported.headers.get('retry-after'),
        text: await exported.text(),
      });
    });
    const after = await post({ query: UnitCountDocument.toString() }, token);
    expect(after.status).toBe(200);
    expect((await fetch(`${env.baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);
});

interface Restart {
  mode: ShutdownMode;
  /** ms since the load started: signal sent, PostgreSQL ready again. */
  down: number;
  up: number;
}

/** First failure after the signal to first success after it; and how long after `up` that was. */
function figures(answers: Answer[], restart: Restart) {
  const after = answers.filter((a) => a.at >= restart.down).sort((a, b) => a.at - b.at);
  const firstFailure = after.find((a) => !a.acknowledged);
  const back = after.find((a) => a.acknowledged && a.at > restart.up);
  return {
    failed: after.filter((a) => !a.acknowledged && a.at <= (back?.at ?? Infinity)).length,
    outageMs: firstFailure && back ? back.at - firstFailure.at : null,
    recoveryMs: back ? back.at - restart.up : null,
  };
}

describe('PostgreSQL restarts under write load', () => {
  it('loses no acknowledged write, answers only retryable 503s and is back within 2 s', async () => {
    // Warm up: the first writes compile and cache what later ones reuse.
    const warm = await post(
      {
        query: CreateUnitDocument.toString(),
        variables: {
          input: {
            code: 'WARM',
            name: '预热',
            kind: 'TOWNSHIP',
            adminLevel: 'TOWNSHIP',
            region: '江州',
          },
        },
      },
      token,
    );
    expect(warm.status).toBe(200);

    const load = startWriteLoad(env.url, token, { clients: 4, prefix: 'F' });
    const started = Date.now();
    const restarts: Restart[] = [];
    for (const mode of ['fast', 'immediate'] as const) {
      await new Promise((r) => setTimeout(r, 1500));
      const down = Date.now() - started;
      await pg.restart(mode);
      restarts.push({ mode, down, up: Date.now() - started });
    }
    await new Promise((r) => setTimeout(r, 2500));
    const answers = await load.stop();

    const acknowledged = answers.filter((a) => a.acknowledged);
    const refused = answers.filter((a) => !a.acknowledged);
    const committed = await committedCodes(
      env.dataSource,
      answers.map((a) => a.code),
    );
    const lost = acknowledged.filter((a) => !committed.has(a.code));
    const perRestart = restarts.map((r) => ({ mode: r.mode, ...figures(answers, r) }));
    console.log(
      [
        `fault test: ${answers.length} writes by 4 clients, ${acknowledged.length} acknowledged, ` +
          `${refused.length} refused (${refused.filter((a) => a.status === 503).length} × 503), ` +
          `${lost.length} acknowledged writes lost, ` +
          `${refused.filter((a) => committed.has(a.code)).length} refused writes committed anyway`,
        ...perRestart.map(
          (r) =>
            `  ${r.mode} restart: ${r.failed} refused, outage ${r.outageMs} ms ` +
            `(first 503 → first success), back ${r.recoveryMs} ms after PostgreSQL was ready`,
        ),
      ].join('\n'),
    );

    expect(acknowledged.length).toBeGreaterThan(50);
    expect(lost).toEqual([]);
    for (const a of refused) {
      expect({
        code: a.code,
        status: a.status,
        retryAfter: a.retryAfter,
        errorCode: a.errorCode,
      }).toEqual({ code: a.code, status: 503, retryAfter: '2', errorCode: 'SERVICE_UNAVAILABLE' });
    }
    for (const r of perRestart) {
      expect(r.recoveryMs).not.toBeNull();
      expect(r.recoveryMs!).toBeLessThan(2000);
    }
  }, 120_000);
});
