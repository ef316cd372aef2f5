import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Role } from '../server/common/role';
import { createTestEnv, type TestEnv } from './support/env';
import { freePort } from './support/ports';
import { login, user } from './support/world';
import { committedCodes, startWriteLoad } from './support/write-load';

/**
 * SIGTERM under write load, on a real server process: every write that was committed was also
 * answered (a client that saw no answer may retry without duplicating it), and the process exits
 * 0 within 20 s.
 */
const ROOT = path.resolve(__dirname, '..');
let env: TestEnv;
let token: string;

beforeAll(async () => {
  env = await createTestEnv();
  await user(env.dataSource, 'admin', Role.ORG_ADMIN);
  token = await login(env, 'admin');
}, 60_000);
afterAll(() => env?.close());

async function startServer(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'test/support/run-ts.cjs'), path.join(ROOT, 'server/index.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: env.databaseUrl,
        // The test's tokens are signed with its own secret.
        GUAZHI_JWT_SECRET: env.config.jwtSecret,
        PORT: String(port),
        HOST: '127.0.0.1',
        GUAZHI_LOG_LEVEL: 'warn',
      },
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('SIGTERM', () => {
  it('answers every request it committed and exits 0 within 20 s, under write load', async () => {
    const port = await freePort();
    const { child, output } = await startServer(port);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const load = startWriteLoad(`http://127.0.0.1:${port}/graphql`, token, {
      clients: 8,
      prefix: 'S',
      // A refused connection means the server no longer listens: nothing more can reach it.
      until: (a) => a.networkError === 'ECONNREFUSED',
    });
    await new Promise((r) => setTimeout(r, 3000));
    const signalled = Date.now();
    child.kill('SIGTERM');
    // Every client goes on until the server refuses its connection.
    const cutOff = setTimeout(() => void load.stop(), 25_000);
    const answers = await load.done;
    clearTimeout(cutOff);
    const code = await exited;
    const exitMs = Date.now() - signalled;

    const committed = await committedCodes(
      env.dataSource,
      answers.map((a) => a.code),
    );
    const acknowledged = answers.filter((a) => a.acknowledged);
    const refused = answers.filter((a) => a.status === 503);
    const unanswered = answers.filter((a) => a.status === null);
    const committedUnanswered = answers.filter((a) => !a.acknowledged && committed.has(a.code));
    const lost = acknowledged.filter((a) => !committed.has(a.code));
    console.log(
      `SIGTERM under load: ${answers.length} writes by 8 keep-alive clients; ` +
        `${acknowledged.length} answered 200, ${refused.length} refused 503 + Connection: close, ` +
        `${unanswered.length} without an answer (${[...new Set(unanswered.map((a) => a.networkError))].join(', ')}); ` +
        `committed but unanswered: ${committedUnanswered.length}; acknowledged but lost: ${lost.length}; ` +
        `exit code ${code} after ${exitMs} ms`,
    );

    expect(acknowledged.length).toBeGreaterThan(20);
    expect(committedUnanswered.map((a) => a.code)).toEqual([]);
    expect(lost).toEqual([]);
    for (const a of answers.filter((x) => !x.acknowledged && x.status !== null)) {
      expect({ status: a.status, errorCode: a.errorCode }).toEqual({
        status: 503,
        errorCode: 'SERVICE_UNAVAILABLE',
      });
    }
    expect({ code, output: code === 0 ? '' : output() }).toEqual({ code: 0, output: '' });
    expect(exitMs).toBeLessThan(20_000);
  }, 150_000);
});
