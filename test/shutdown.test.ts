import { Role } from '../server/common/role';
import { createTestEnv, type TestEnv } from './support/env';
import { freePort } from './support/ports';
import { startServerProcess } from './support/server-process';
import { login, user } from './support/world';
import { committedCodes, startWriteLoad } from './support/write-load';

/**
 * SIGTERM under write load, on a real server process: every write that was committed was also
 * answered (a client that saw no answer may retry without duplicating it), and the process exits
 * 0 within 20 s.
 */
let env: TestEnv;
let token: string;

beforeAll(async () => {
  env = await createTestEnv();
  await user(env.dataSource, 'admin', Role.ORG_ADMIN);
  token = await login(env, 'admin');
}, 60_000);
afterAll(() => env?.close());

describe('SIGTERM', () => {
  it('answers every request it committed and exits 0 within 20 s, under write load', async () => {
    const port = await freePort();
    const { child, output } = await startServerProcess(env, port);
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
