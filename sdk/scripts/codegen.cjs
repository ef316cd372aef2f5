#!/usr/bin/env node
// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file */
/**
 * Runs GraphQL Code Generator on codegen.yml without writing files, through the CLI's programmatic
 * `generate(config, false)`, so the check uses exactly what `npm run codegen` would write.
 *
 *   node sdk/scripts/codegen.cjs --check   exit 1 and list the files that differ from the committed ones
 *   node sdk/scripts/codegen.cjs --json    print { "<path from repo root>": "<content>" } on stdout
 *
 * Plain CommonJS on purpose: @graphql-codegen/cli loads ESM-only packages through require(esm)
 * (Node ≥ 20.19), which Jest's module system cannot do, so sdk/scripts/generate.ts runs this file
 * in a child process.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/** @returns {Promise<Record<string, string>>} generated files by path from the repo root */
async function generateSdk() {
  const { generate, loadCodegenConfig } = require('@graphql-codegen/cli');
  const { config } = await loadCodegenConfig({ configFilePath: path.join(ROOT, 'codegen.yml') });
  // Relative paths in codegen.yml (schema, documents, local plugins) are resolved from the repo root.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const outputs = await generate({ ...config, cwd: ROOT, silent: true, verbose: false }, false);
    /** @type {Record<string, string>} */
    const files = {};
    for (const output of outputs) {
      const relative = path.relative(ROOT, path.resolve(ROOT, output.filename));
      files[relative.split(path.sep).join('/')] = output.content;
    }
    return files;
  } finally {
    process.chdir(cwd);
  }
}

/** @returns {Promise<string[]>} generated files whose committed content differs (or is missing) */
async function staleGeneratedFiles() {
  const files = await generateSdk();
  return Object.keys(files)
    .sort()
    .filter((file) => {
      const absolute = path.join(ROOT, file);
      return !fs.existsSync(absolute) || fs.readFileSync(absolute, 'utf8') !== files[file];
    });
}

async function main() {
  const mode = process.argv[2];
  if (mode === '--json') {
    process.stdout.write(JSON.stringify(await generateSdk()));
  } else if (mode === '--check') {
    const stale = await staleGeneratedFiles();
    if (stale.length > 0) {
      console.error(`Stale generated files (run \`npm run codegen\`):\n  ${stale.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('Generated files are up to date.');
    }
  } else {
    console.error('usage: node sdk/scripts/codegen.cjs --check | --json');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

module.exports = { generateSdk, staleGeneratedFiles };
