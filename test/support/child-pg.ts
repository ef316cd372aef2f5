import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ShutdownMode } from '../../server/db/embedded';

/** The PostgreSQL of test/support/pg-server.ts, driven from a test. */
export interface ChildPostgres {
  adminUrl: string;
  /** Stops it in `mode`, runs `whileDown`, starts it again; resolves when it accepts connections. */
  restart(mode: ShutdownMode, whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildPostgres(dir: string, port: number): Promise<ChildPostgres> {
  const child: ChildProcess = fork(
    path.join(__dirname, 'run-ts.cjs'),
    [path.join(__dirname, 'pg-server.ts'), dir, String(port)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message[key] as T);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`PostgreSQL child exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const adminUrl = await next<string>('adminUrl');
  return {
    adminUrl,
    async restart(mode, whileDown) {
      const halted = next('halted');
      child.send({ halt: mode });
      await halted;
      try {
        await whileDown?.();
      } finally {
        const resumed = next('resumed');
        child.send({ resume: true });
        await resumed;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
}
