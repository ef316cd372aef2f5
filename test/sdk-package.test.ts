import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, PASSWORD } from './support/world';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * `@guazhi/sdk` as its users get it (issue 13): built by tsup, packed by `npm pack`, installed from
 * the tarball into a scratch project with nothing of this repository, then `require`d and
 * `import`ed by Node against a running server, type-checked through its `exports` map in both
 * module systems, and bundled for the browser, where no Node built-in may be needed. The React
 * entry (`@guazhi/sdk/react`) is installed with its peers (React, TanStack Query) and loaded the
 * same ways.
 */
let env: TestEnv;
let scratch: string;
let files: string[];

beforeAll(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'guazhi-sdk-package-'));
  await run(npm, ['run', 'build', '-w', '@guazhi/sdk'], { cwd: ROOT });
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', scratch], {
    cwd: path.join(ROOT, 'sdk'),
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  files = packed.files.map((f) => f.path);
  fs.writeFileSync(
    path.join(scratch, 'package.json'),
    JSON.stringify({ name: 'sdk-scratch', private: true }),
  );
  // Its dependencies and the React entry's peers come from npm's cache, filled by the project's
  // own install (the same versions).
  const peers = ['react', '@types/react', '@tanstack/react-query'].map((name) => {
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    return `${name}@${(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version}`;
  });
  await run(
    npm,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${packed.filename}`, ...peers],
    { cwd: scratch },
  );
}, 240_000);

afterAll(async () => {
  await env.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs a script file in the scratch project with Node, given the server's URL and the password. */
async function node(file: string, source: string): Promise<unknown> {
  fs.writeFileSync(path.join(scratch, file), source);
  const { stdout } = await run(process.execPath, [file, env.url, PASSWORD], { cwd: scratch });
  return JSON.parse(stdout);
}

/** The same task in both module systems: sign in, read the viewer, fail typed without a token. */
const TASK = `
  const [url, password] = process.argv.slice(2);
  const client = createGuazhiClient({ url });
  const { login } = await client.login({ input: { username: 'admin', password } });
  const { me } = await client.withToken(login.token).me();
  let code = null;
  try { await client.me(); } catch (error) { code = error instanceof GuazhiError ? error.code : String(error); }
  console.log(JSON.stringify({ username: me.username, role: me.role, code }));
`;

describe('the packed SDK', () => {
  it('ships the ES module and CommonJS builds with their declarations, and no tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.mjs',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.mts',
        'dist/react.mjs',
        'dist/react.cjs',
        'dist/react.d.ts',
        'dist/react.d.mts',
      ]),
    );
    expect(files.filter((f) => /test|\.spec\./.test(f))).toEqual([]);
  });

  it('runs under require (CommonJS) in Node', async () => {
    const result = await node(
      'task.cjs',
      `const { createGuazhiClient, GuazhiError } = require('@guazhi/sdk');
       (async () => { ${TASK} })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    expect(result).toEqual({ username: 'admin', role: 'ORG_ADMIN', code: 'UNAUTHENTICATED' });
  });

  it('runs under import (ES modules) in Node', async () => {
    const result = await node(
      'task.mjs',
      `import { createGuazhiClient, GuazhiError } from '@guazhi/sdk';
       ${TASK}`,
    );
    expect(result).toEqual({ username: 'admin', role: 'ORG_ADMIN', code: 'UNAUTHENTICATED' });
  });

  /** The React entry loaded: its hooks, and the key of a query (no React rendering here). */
  const REACT = `
    console.log(JSON.stringify({
      hooks: [usePostingsQuery, usePostingsInfiniteQuery, useAcknowledgeAlertMutation,
        useAlertChangedSubscription, GuazhiProvider].map((f) => typeof f),
      key: guazhiKeys.postings({ first: 5 }),
    }));`;
  const REACT_RESULT = {
    hooks: ['function', 'function', 'function', 'function', 'function'],
    key: ['guazhi', 'postings', { first: 5 }],
  };
  const REACT_NAMES = `{ usePostingsQuery, usePostingsInfiniteQuery, useAcknowledgeAlertMutation,
    useAlertChangedSubscription, GuazhiProvider, guazhiKeys }`;

  it('resolves @guazhi/sdk/react under require and import', async () => {
    expect(
      await node('react.cjs', `const ${REACT_NAMES} = require('@guazhi/sdk/react');${REACT}`),
    ).toEqual(REACT_RESULT);
    expect(
      await node('react.mjs', `import ${REACT_NAMES} from '@guazhi/sdk/react';${REACT}`),
    ).toEqual(REACT_RESULT);
  });

  it('type-checks through its exports map, from ES modules and from CommonJS', async () => {
    const use = `
      const client = createGuazhiClient({ url: 'http://localhost:4000/graphql' });
      export async function ids(): Promise<string[]> {
        const { postings } = await client.postings({ first: 5, filter: { status: ['ACTIVE'] } });
        return postings.edges.map((edge) => edge.node.id);
      }
      // @ts-expect-error a status the schema does not have
      client.postings({ first: 5, filter: { status: ['NOT_A_STATUS'] } });
      export function usePostingIds(): string[] | undefined {
        const { data, error } = usePostingsQuery({ first: 5 });
        const code: string | undefined = error?.code;
        void code;
        return data?.postings.edges.map((edge) => edge.node.id);
      }
      // @ts-expect-error a variable the query does not take
      usePostingsQuery({ firstt: 5 });`;
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    /** tsc's complaints about `use` in `files`, compiled strict with browser libraries only. */
    const typeErrors = async (name: string, files: string[], options: object) => {
      for (const file of files)
        fs.writeFileSync(
          path.join(scratch, file),
          `import { createGuazhiClient } from '@guazhi/sdk';\nimport { usePostingsQuery } from '@guazhi/sdk/react';\n${use}`,
        );
      const compilerOptions = { strict: true, noEmit: true, target: 'es2020', ...options };
      fs.writeFileSync(
        path.join(scratch, name),
        JSON.stringify({
          compilerOptions: { ...compilerOptions, lib: ['es2020', 'dom'], types: [] },
          files,
        }),
      );
      return run(process.execPath, [tsc, '-p', name], { cwd: scratch }).then(
        ({ stdout }) => stdout,
        (error: { stdout: string }) => error.stdout,
      );
    };
    // Node 16 resolution (which honours `exports`), from ES modules and from CommonJS.
    expect(
      await typeErrors('tsconfig.json', ['use.mts', 'use.cts'], {
        module: 'node16',
        moduleResolution: 'node16',
      }),
    ).toBe('');
    // Older projects resolve as Node 10 did (no `exports`): `typesVersions` finds the React entry.
    expect(
      await typeErrors('tsconfig.node10.json', ['use-node10.ts'], {
        module: 'commonjs',
        moduleResolution: 'node10',
        ignoreDeprecations: '5.0',
      }),
    ).toBe('');
  });

  /** Bundles `source` for the browser (ESM, minified); React and TanStack Query stay outside. */
  async function bundle(source: string): Promise<Uint8Array> {
    fs.writeFileSync(path.join(scratch, 'page.mjs'), source);
    const result = await build({
      entryPoints: ['page.mjs'],
      absWorkingDir: scratch,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'silent',
      external: ['react', '@tanstack/react-query'],
    });
    return result.outputFiles[0].contents;
  }

  it('bundles for the browser with no Node built-in, and tree-shakes what a page does not use', async () => {
    const whole = (
      await bundle(
        `import { createGuazhiClient } from '@guazhi/sdk';
         window.client = createGuazhiClient({ url: '/graphql' });`,
      )
    ).length;
    const errorsOnly = (
      await bundle(
        `import { isGuazhiError } from '@guazhi/sdk';
         window.isGuazhiError = isGuazhiError;`,
      )
    ).length;
    // The client carries every operation (one method each); an import of one helper does not.
    expect(whole).toBeGreaterThan(10 * errorsOnly);
    expect(errorsOnly).toBeLessThan(2_000);
  });

  it('keeps a dashboard of three operations under 10 kB (ESM, minified + gzip), with hooks too', async () => {
    const gzipped = async (source: string) => gzipSync(await bundle(source), { level: 9 }).length;
    const three = `PostingsDocument, AlertsDocument, AcknowledgeAlertDocument`;
    const figures = {
      // What issue 13 measures: the client and three documents, all a bundler keeps.
      core: await gzipped(
        `import { createGuazhiBaseClient, ${three} } from '@guazhi/sdk';
         const client = createGuazhiBaseClient({ url: '/graphql' });
         window.run = () => [
           client.request(PostingsDocument, { first: 20 }),
           client.request(AlertsDocument, { first: 20 }),
           client.request(AcknowledgeAlertDocument, { input: { id: 'x' } }),
         ];`,
      ),
      // The same three as React hooks with their provider (React and TanStack Query excluded).
      hooks: await gzipped(
        `import { createGuazhiBaseClient } from '@guazhi/sdk';
         import { GuazhiProvider, usePostingsQuery, useAlertsQuery, useAcknowledgeAlertMutation }
           from '@guazhi/sdk/react';
         window.app = { createGuazhiBaseClient, GuazhiProvider, usePostingsQuery, useAlertsQuery,
           useAcknowledgeAlertMutation };`,
      ),
      // createGuazhiClient, for comparison: a method per operation, so every document.
      everyOperation: await gzipped(
        `import { createGuazhiClient } from '@guazhi/sdk';
         window.client = createGuazhiClient({ url: '/graphql' });`,
      ),
    };
    console.log(`SDK bundle sizes, ESM minified + gzip, bytes: ${JSON.stringify(figures)}`);
    expect(figures.core).toBeLessThan(10_000);
    expect(figures.hooks).toBeLessThan(10_000);
    // Three documents, not ninety: far below the client that carries them all.
    expect(figures.everyOperation - figures.core).toBeGreaterThan(3_000);
  });
});
