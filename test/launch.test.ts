import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` runs `server/launch.cjs`: it builds only when a source changed since the last build,
 * so a second start skips the TypeScript build. Tried on a scratch project of two files with the
 * real launcher and the real TypeScript compiler.
 */
const ROOT = path.resolve(__dirname, '..');
let project: string;

function launch(...args: string[]) {
  const run = spawnSync(process.execPath, ['server/launch.cjs', 'server/hello', ...args], {
    cwd: project,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Sets a file's content with a modification time `secondsAhead` from now (no sleeping). */
function write(file: string, content: string, secondsAhead = 0) {
  const target = path.join(project, file);
  fs.writeFileSync(target, content);
  const when = new Date(Date.now() + secondsAhead * 1000);
  fs.utimesSync(target, when, when);
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-launch-'));
  fs.mkdirSync(path.join(project, 'server'));
  fs.mkdirSync(path.join(project, 'test'));
  fs.copyFileSync(path.join(ROOT, 'server/launch.cjs'), path.join(project, 'server/launch.cjs'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'));
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { rootDir: '.', outDir: 'dist', module: 'commonjs', types: ['node'] },
      include: ['server/**/*.ts', 'test/**/*.ts'],
    }),
  );
  write('server/hello.ts', "console.log('hello', process.argv.slice(2).join(' '));\n");
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('server/launch.cjs', () => {
  it('builds on the first run, says so, and runs the entry with its arguments', () => {
    const first = launch('a', 'b');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('compiling the TypeScript sources into dist/ (first run');
    expect(first.stdout).toBe('hello a b\n');
  });

  it('skips the build when nothing changed since', () => {
    const second = launch('again');
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('hello again\n');
  });

  it('rebuilds after a source changes, and runs the new code', () => {
    write('server/hello.ts', "console.log('changed');\n", 5);
    const rebuilt = launch();
    expect(rebuilt.stderr).toContain('sources changed since the last build');
    expect(rebuilt.stdout).toBe('changed\n');
    expect(launch().stderr).toBe('');
  });

  it('rebuilds after tsconfig.json changes', () => {
    const config = fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8');
    write('tsconfig.json', config, 10);
    expect(launch().stderr).toContain('sources changed since the last build');
  });

  it('starts nothing when the build fails, and a fixed source builds again', () => {
    write('server/hello.ts', "const n: number = 'text';\nconsole.log('ran', n);\n", 15);
    const broken = launch();
    expect(broken.code).not.toBe(0);
    expect(broken.stdout).not.toContain('ran');
    expect(broken.stderr).toContain('the build failed');
    // A failed build writes no stamp: the next run tries again rather than running stale code.
    write('server/hello.ts', "console.log('fixed');\n", 20);
    const fixed = launch();
    expect(fixed.stdout).toBe('fixed\n');
  });
});
