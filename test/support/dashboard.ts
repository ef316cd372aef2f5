import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/**
 * The reference dashboard (sdk/examples/dashboard) built and served for a browser test: its own
 * dependencies installed when missing (`npm run dashboard:install`), the SDK built when its
 * sources are newer than sdk/dist, `vite build` into a folder of its own, and `vite preview`
 * forwarding /graphql (HTTP and WebSocket) to the test's server.
 */
const ROOT = path.resolve(__dirname, '../..');
export const DASHBOARD = path.join(ROOT, 'sdk/examples/dashboard');
const VITE = path.join(DASHBOARD, 'node_modules/vite/bin/vite.js');
const SDK = path.join(ROOT, 'sdk');

/** The newest modification time of the files under `dir` (0 for none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

function sdkIsStale(): boolean {
  const built = path.join(SDK, 'dist/index.mjs');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(
    newest(path.join(SDK, 'src')),
    fs.statSync(path.join(SDK, 'package.json')).mtimeMs,
    fs.statSync(path.join(SDK, 'tsup.config.ts')).mtimeMs,
  );
  return sources > fs.statSync(built).mtimeMs;
}

export interface ServedDashboard {
  url: string;
  close(): Promise<void>;
}

export async function serveDashboard(apiBaseUrl: string): Promise<ServedDashboard> {
  const quiet = { stdio: 'pipe' as const, timeout: 300_000 };
  if (!fs.existsSync(VITE)) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: DASHBOARD, ...quiet });
  }
  if (sdkIsStale()) execFileSync('npm', ['run', 'build:sdk'], { cwd: ROOT, ...quiet });
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-dashboard-'));
  execFileSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: DASHBOARD,
    ...quiet,
  });
  const port = await freePort();
  const preview: ChildProcess = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'],
    { cwd: DASHBOARD, env: { ...process.env, GUAZHI_API: apiBaseUrl }, stdio: 'pipe' },
  );
  let output = '';
  preview.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  preview.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (preview.exitCode !== null || Date.now() > deadline)
      throw new Error(`vite preview did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async close() {
      if (preview.exitCode === null) {
        const exited = new Promise((r) => preview.once('exit', r));
        preview.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}
