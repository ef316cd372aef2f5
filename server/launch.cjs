/* eslint-disable @typescript-eslint/no-require-imports */
// Runs a built entry point — `node server/launch.cjs server/index [args…]` runs dist/server/index.js —
// building first only when a TypeScript source changed since the last build. A second `npm start`
// then starts in seconds instead of waiting on a full `tsc` (12–80 s on two cores); the build
// says what it is doing while it runs. Plain CommonJS: it must run before anything is compiled.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
/**
 * Written after a successful build: the newest source time it compiled. Not the clock's time, so an
 * edit made during the build, or a file dated ahead by another machine, still counts as newer.
 */
const stamp = path.join(dist, '.build-stamp');
/** What tsconfig.json compiles, and the settings that change its output. */
const SOURCES = ['server', 'test'];
const SETTINGS = ['tsconfig.json', 'package-lock.json'];

/** The newest modification time of any compiled source or build setting, in ms. */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      // test/bench/peer/node_modules (the bench's own install) holds no source of ours.
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(file);
      } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const dir of SOURCES) visit(path.join(root, dir));
  for (const file of SETTINGS) {
    if (fs.existsSync(path.join(root, file))) {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    }
  }
  return newest;
}

function builtAt() {
  try {
    return Number(fs.readFileSync(stamp, 'utf8'));
  } catch {
    return 0;
  }
}

function build(entryFile, newest) {
  const first = !fs.existsSync(entryFile);
  console.error(
    first
      ? '[guazhi] compiling the TypeScript sources into dist/ (first run, 15–60 s)…'
      : '[guazhi] sources changed since the last build: compiling into dist/…',
  );
  const started = Date.now();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      path.join(root, 'tsconfig.json'),
      // Rebuilds after an edit recompile what the edit affects.
      '--incremental',
      '--tsBuildInfoFile',
      path.join(dist, '.tsbuildinfo'),
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error('[guazhi] the build failed (errors above): nothing was started');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stamp, String(newest));
  console.error(`[guazhi] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const entry = process.argv[2];
if (!entry) {
  console.error(
    'usage: node server/launch.cjs <entry without extension, e.g. server/index> [args…]',
  );
  process.exit(2);
}
const entryFile = path.join(dist, `${entry}.js`);
const newest = newestSource();
if (!fs.existsSync(entryFile) || newest > builtAt()) build(entryFile, newest);
// The entry reads its own arguments from argv[2] on, as if it had been started directly.
process.argv.splice(1, 2, entryFile);
require(entryFile);
