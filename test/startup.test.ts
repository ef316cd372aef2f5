import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/seed/demo';
import { LoginDocument } from '../sdk/src';
import { UnitCountDocument } from './generated/graphql';
import type { TypedDocument } from './support/env';
import { freePort } from './support/ports';

/**
 * `npm start` as a new user runs it: the built server, no DATABASE_URL, an embedded PostgreSQL
 * under GUAZHI_DATA_DIR, demo data on first start, Ctrl-C to stop, data kept for the next start.
 */
const ROOT = path.resolve(__dirname, '..');
let dataDir: string;

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  delete childEnv.DATABASE_URL;
  if (!env.NODE_ENV) delete childEnv.NODE_ENV;
  const child = spawn(process.execPath, ['dist/server/index.js'], { cwd: ROOT, env: childEnv });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://localhost:${port}/graphql`;
  // A first start seeds the demo through the services (thousands of mutations): minutes on a busy
  // 2-core machine.
  const deadline = Date.now() + 300_000;
  while (!output.includes(url)) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start within 300 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, url };
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGINT');
  });
}

async function gql<TResult, TVariables>(
  url: string,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  token?: string | null,
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  return (await res.json()) as { data?: TResult | null; errors?: unknown[] };
}

/** A start that must be refused: its exit code and what it printed. */
function refusedStart(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['DATABASE_URL', 'GUAZHI_JWT_SECRET', 'NODE_ENV'])
    if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, ['dist/server/index.js'], { cwd: ROOT, env: childEnv });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** A port another program listens on, and a fresh data folder, for a start that must fail. */
async function portTaken() {
  const port = await freePort();
  const squatter = net.createServer().listen(port, '127.0.0.1');
  await new Promise((resolve) => squatter.once('listening', resolve));
  return { port, squatter, takenDir: fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-taken-')) };
}

/** An address of this machine other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
}

const signIn = (url: string, username: string) =>
  gql(url, LoginDocument, { input: { username, password: DEMO_PASSWORD } });

beforeAll(() => {
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: ROOT });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-start-'));
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  let pgPort: string;
  beforeAll(async () => {
    pgPort = String(await freePort());
  });

  it('starts on an embedded database, seeds demo users, serves GraphiQL and stops on Ctrl-C', async () => {
    const started = await start({ GUAZHI_DATA_DIR: dataDir, GUAZHI_EMBEDDED_PG_PORT: pgPort });
    try {
      expect(started.output()).toContain('demo data seeded');
      // The bare address a new user opens leads to GraphiQL.
      const root = await fetch(new URL('/', started.url), { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/graphql');
      const page = await fetch(started.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      const html = await page.text();
      expect(html).toContain('/graphiql/assets/graphiql.js');
      expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z]/i);
      const asset = await fetch(new URL('/graphiql/assets/graphiql.js', started.url));
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(100_000);

      for (const username of ['admin', 'manager', 'mentor', 'cadre', 'analyst']) {
        const res = await signIn(started.url, username);
        expect(res.data?.login.token).toMatch(/^ey/);
      }

      // Random secrets beside the data, readable by their owner only; nothing fixed in the source.
      for (const file of ['jwt-secret', 'pg-password']) {
        const stat = fs.statSync(path.join(dataDir, file));
        expect({ file, mode: stat.mode & 0o777 }).toEqual({ file, mode: 0o600 });
        expect(fs.readFileSync(path.join(dataDir, file), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
      }
      // Development listens on the loopback interface only.
      const external = externalAddress();
      if (external) {
        const port = new URL(started.url).port;
        await expect(fetch(`http://${external}:${port}/healthz`)).rejects.toThrow();
      }
    } finally {
      expect(await stop(started)).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 400_000);

  it('reuses the data on a second start without seeding again', async () => {
    const started = await start({ GUAZHI_DATA_DIR: dataDir, GUAZHI_EMBEDDED_PG_PORT: pgPort });
    try {
      expect(started.output()).not.toContain('demo data seeded');
      const login = await signIn(started.url, 'admin');
      const units = await gql(started.url, UnitCountDocument, {}, login.data?.login.token);
      expect(units.data?.units.totalCount).toBeGreaterThanOrEqual(40);
    } finally {
      expect(await stop(started)).toBe(0);
    }
  }, 120_000);

  it('refuses to start on an unknown NODE_ENV, or in production without a secret', async () => {
    const misspelt = await refusedStart({
      NODE_ENV: 'Production',
      GUAZHI_JWT_SECRET: 'x'.repeat(40),
    });
    expect(misspelt.code).toBe(1);
    expect(misspelt.output).toContain(
      'configuration error: NODE_ENV must be one of development, production, test (exactly), got "Production"',
    );
    const noSecret = await refusedStart({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://guazhi@db.invalid/guazhi',
    });
    expect(noSecret.code).toBe(1);
    expect(noSecret.output).toContain('GUAZHI_JWT_SECRET must be set');
    expect(noSecret.output).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('says in one line, without a stack, why the embedded database cannot start', async () => {
    const { port, squatter, takenDir } = await portTaken();
    try {
      const refused = await refusedStart({
        GUAZHI_DATA_DIR: takenDir,
        GUAZHI_EMBEDDED_PG_PORT: String(port),
      });
      expect(refused.code).toBe(1);
      // JSON log lines; the fatal one says why, alone.
      const fatal = refused.output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; level: string })
        .filter((line) => line.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0].msg).toBe(
        `embedded PostgreSQL: port ${port} is already in use by another program — ` +
          'set GUAZHI_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL',
      );
      expect(refused.output).not.toMatch(/\n\s+at |stack/);
    } finally {
      squatter.close();
      fs.rmSync(takenDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('says at once, before the database and the seed, that PORT is taken', async () => {
    const { port, squatter, takenDir } = await portTaken();
    try {
      const refused = await refusedStart({
        PORT: String(port),
        GUAZHI_DATA_DIR: takenDir,
        GUAZHI_EMBEDDED_PG_PORT: String(await freePort()),
      });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(
        `"msg":"port ${port} is already in use by another program — set PORT to a free port"`,
      );
      expect(refused.output).not.toContain('starting embedded PostgreSQL');
      expect(refused.output).not.toMatch(/\n\s+at |stack/);
    } finally {
      squatter.close();
      fs.rmSync(takenDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('never seeds demo data or users in production', async () => {
    const prodDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-prod-'));
    const started = await start({
      NODE_ENV: 'production',
      GUAZHI_JWT_SECRET: 'x'.repeat(40),
      GUAZHI_DATA_DIR: prodDir,
      GUAZHI_EMBEDDED_PG_PORT: String(await freePort()),
    });
    try {
      const res = await signIn(started.url, 'admin');
      expect(res.data?.login.token).toBeNull();
    } finally {
      expect(await stop(started)).toBe(0);
      fs.rmSync(prodDir, { recursive: true, force: true });
    }
  }, 120_000);
});
