import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestEnv } from './env';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** What the process printed so far. */
  output(): string;
}

/**
 * `server/index.ts` in a process of its own (compiled on the fly, no build), on the test's
 * database and JWT secret: a real server instance, to stop with a signal or kill. Resolves once
 * /healthz answers.
 */
export async function startServerProcess(env: TestEnv, port: number): Promise<ServerProcess> {
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
    if (up) return { child, url: `http://127.0.0.1:${port}/graphql`, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
}
