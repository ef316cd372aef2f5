/**
 * For tests (Jest): what GraphQL Code Generator would write for the SDK, without writing it.
 *
 *   import { generateSdk, staleGeneratedFiles } from '../sdk/scripts/generate';
 *   expect(await staleGeneratedFiles()).toEqual([]);
 *
 * The work happens in sdk/scripts/codegen.cjs, in a child Node process: @graphql-codegen/cli loads
 * ESM-only packages, which Jest's own module loader cannot.
 */
import { execFile } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');

/** Generated files (path from the repo root, e.g. `sdk/src/generated/graphql.ts`) → content. */
export function generateSdk(): Promise<Record<string, string>> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'sdk', 'scripts', 'codegen.cjs'), '--json'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`SDK code generation failed: ${stderr.trim() || error.message}`));
        else resolvePromise(JSON.parse(stdout) as Record<string, string>);
      },
    );
  });
}

/** Generated files whose committed content differs from a fresh generation (empty when up to date). */
export async function staleGeneratedFiles(): Promise<string[]> {
  const files = await generateSdk();
  return Object.keys(files)
    .sort()
    .filter((file) => {
      const path = join(ROOT, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== files[file];
    });
}
