import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

/**
 * The generated documents are `new TypedDocumentString(…)` at the top of a module: a bundler must
 * assume a constructor call has side effects and keeps every document, used or not (~70 kB). Each
 * is marked pure as it is built, so a page that imports three operations ships three.
 */
const pureDocuments = {
  name: 'pure-documents',
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      load: (args: { path: string }) => Promise<{ contents: string; loader: 'ts' }>,
    ): void;
  }) {
    build.onLoad({ filter: /generated[\\/]graphql\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        '= new TypedDocumentString(',
        '= /* @__PURE__ */ new TypedDocumentString(',
      ),
      loader: 'ts',
    }));
  },
};

/**
 * The published SDK: ES modules (`dist/index.mjs`) for bundlers and `import`, CommonJS
 * (`dist/index.cjs`) for `require`, each with its declarations. Dependencies stay external; the
 * build targets ES2020 on a neutral platform, so nothing of Node can be pulled in (browsers and
 * React Native use it as is).
 *
 * `react` (`@guazhi/sdk/react`, the hooks) is a second entry. Code both entries use (the client,
 * the documents) goes into shared chunks, in CommonJS too (`splitting`), so an app that imports
 * both has one copy of each: one GuazhiError class, one document per operation. React and
 * TanStack Query are peer dependencies, external like the dependencies.
 */
export default defineConfig({
  entry: { index: 'src/index.ts', react: 'src/react/index.ts' },
  splitting: true,
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  platform: 'neutral',
  treeshake: true,
  tsconfig: 'tsconfig.json',
  esbuildPlugins: [pureDocuments],
});
