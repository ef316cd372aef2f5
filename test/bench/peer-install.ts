import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/common/project-root';

/**
 * What the benchmarks compare Guazhi with and drive it by — PostGraphile 5, the Node 22 it needs
 * (both servers run on that one binary), autocannon — live in test/bench/peer with a lock file of
 * their own, installed there on the first `npm run bench`, so the project's own install stays small
 * and warning-free.
 */
export const PEER_DIR = path.join(projectRoot(), 'test', 'bench', 'peer');

/** The Node 22 binary of the peer folder (the `node` package of the npm registry). */
export const NODE_22 = path.join(PEER_DIR, 'node_modules', '.bin', 'node');

/** npm's record of the last install; older than the lock file means the lock changed since. */
const INSTALLED = path.join(PEER_DIR, 'node_modules', '.package-lock.json');

/** Installs the peer folder from its lock file unless that install is current. */
export function ensurePeers(): void {
  const lock = path.join(PEER_DIR, 'package-lock.json');
  if (
    fs.existsSync(INSTALLED) &&
    fs.existsSync(NODE_22) &&
    fs.statSync(INSTALLED).mtimeMs >= fs.statSync(lock).mtimeMs
  ) {
    return;
  }
  console.log(`bench: installing PostGraphile, Node 22 and autocannon into ${PEER_DIR} (once)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Their engines ask for Node 22 while npm runs on the project's Node 20: said once, here.
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: PEER_DIR,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm ci in ${PEER_DIR} failed (${result.status})`);
}

/** A package of the peer folder, installed first if need be. */
export function peerRequire<T>(name: string): T {
  ensurePeers();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(name, { paths: [PEER_DIR] })) as T;
}
