#!/usr/bin/env node
/**
 * `npm run dashboard` (repository root) or `npm start` here: one command from a clone to the
 * dashboard in a browser.
 *
 * 0. installs the dashboard's own dependencies when they are missing (`npm run dashboard:install`);
 * 1. builds the SDK (`npm run build:sdk` at the root: sdk/dist, which the dashboard imports);
 * 2. starts the API (`npm start` at the root: embedded PostgreSQL, demo data on first start) on
 *    GUAZHI_API (default http://127.0.0.1:4000) unless one already answers its /healthz there;
 * 3. starts Vite on DASHBOARD_PORT (default 5173), which forwards /graphql (and its WebSocket) to
 *    that API, so the browser talks to one origin and needs no CORS setting.
 *
 * Ctrl-C stops Vite and the API it started (never one that was already running).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboard = path.resolve(here, '..');
const root = path.resolve(dashboard, '../../..');
const api = new URL(process.env.GUAZHI_API ?? 'http://127.0.0.1:4000');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function answers() {
  try {
    return (await fetch(new URL('/healthz', api))).ok;
  } catch {
    return false;
  }
}

if (!fs.existsSync(path.join(dashboard, 'node_modules/vite'))) {
  console.log('[dashboard] installing its own dependencies (npm run dashboard:install)…');
  run(npm, ['ci', '--no-audit', '--no-fund'], dashboard);
}
console.log('[dashboard] building the SDK (sdk/dist)…');
run(npm, ['run', 'build:sdk'], root);

const children = [];
if (await answers()) {
  console.log(`[dashboard] using the API already running at ${api.origin}`);
} else {
  console.log(
    `[dashboard] starting the API at ${api.origin} (npm start: demo data on first start)…`,
  );
  // The root's own `npm start` (its Node flags included), in a process group of its own: npm does
  // not pass a SIGTERM on to the server, so stop() signals the whole group.
  const server = spawn(npm, ['start'], {
    cwd: root,
    stdio: 'inherit',
    detached: process.platform !== 'win32',
    env: { ...process.env, PORT: api.port || '4000', HOST: api.hostname },
  });
  children.push({ child: server, group: process.platform !== 'win32' });
  server.on('exit', (code) => {
    console.error(`[dashboard] the API stopped (${code})`);
    stop(1);
  });
  // A cold first start builds the server and seeds the demo data: allow it a few minutes.
  const deadline = Date.now() + 300_000;
  while (!(await answers())) {
    if (Date.now() > deadline) {
      console.error(`[dashboard] the API did not answer at ${api.origin}/healthz in 5 minutes`);
      stop(1);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const vite = spawn(process.execPath, [path.join(dashboard, 'node_modules/vite/bin/vite.js')], {
  cwd: dashboard,
  stdio: 'inherit',
  env: { ...process.env, GUAZHI_API: api.origin },
});
children.push({ child: vite, group: false });
vite.on('exit', (code) => stop(code ?? 0));

function stop(code) {
  for (const { child, group } of children) {
    if (child.exitCode !== null) continue;
    // A detached child leads its own process group: npm, its shell and the server.
    if (group) process.kill(-child.pid, 'SIGTERM');
    else child.kill('SIGTERM');
  }
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
