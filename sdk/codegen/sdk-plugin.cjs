// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file */
/**
 * GraphQL Code Generator plugin, local to this repo: emits `operations`, a map from method name to
 * the typed document of every query and mutation in sdk/operations, which createGuazhiClient turns
 * into one typed method each, and `subscriptions`, the same for subscriptions (graphql-ws). Adding an operation file therefore adds a client method.
 *
 * It also enforces the layout rules of STYLE.md: one definition per file, PascalCase names, and a
 * file suffix (.query/.mutation/.fragment.graphql) that matches the definition. `part: layout`
 * (test/operations) enforces those rules alone: the tests have no client to build a map for.
 */
const path = require('path');

/** Client members an operation must not shadow (see sdk/src/index.ts). */
const RESERVED = new Set([
  'partial',
  'request',
  'raw',
  'setToken',
  'getToken',
  'withToken',
  'subscriptions',
  'subscribe',
  'disconnect',
]);

const SUFFIX = {
  query: '.query.graphql',
  mutation: '.mutation.graphql',
  subscription: '.subscription.graphql',
  fragment: '.fragment.graphql',
};

/**
 * `part: header` (listed first) emits only `config.header`, so it lands above every other plugin's
 * prepends; `part: operations` (listed last, after typed-document-node's documents) emits the map;
 * `part: layout` only checks the files.
 * @type {import('@graphql-codegen/plugin-helpers').PluginFunction<{ part?: 'header' | 'operations' | 'layout', header?: string }>}
 */
const plugin = (_schema, documents, config) => {
  if (config.part === 'header')
    return { prepend: config.header ? [config.header] : [], content: '' };
  /** @type {{ method: string, name: string, kind: string }[]} */
  const operations = [];
  const problems = [];
  for (const source of documents) {
    const file = path
      .relative(process.cwd(), source.location ?? '(inline)')
      .split(path.sep)
      .join('/');
    const definitions = source.document?.definitions ?? [];
    if (definitions.length !== 1) {
      problems.push(
        `${file}: holds ${definitions.length} definitions; put one operation or fragment per file`,
      );
      continue;
    }
    const definition = definitions[0];
    if (definition.kind !== 'OperationDefinition' && definition.kind !== 'FragmentDefinition')
      continue;
    const kind = definition.kind === 'FragmentDefinition' ? 'fragment' : definition.operation;
    const name = definition.name?.value;
    if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      problems.push(`${file}: ${kind} needs a PascalCase name, got ${name ?? 'none'}`);
      continue;
    }
    if (source.location && !file.endsWith(SUFFIX[kind])) {
      problems.push(`${file}: a ${kind} belongs in a *${SUFFIX[kind]} file`);
    }
    // Queries and mutations become methods (fetch); subscriptions go in `subscriptions` (graphql-ws).
    if (kind === 'query' || kind === 'mutation' || kind === 'subscription') {
      operations.push({ method: name[0].toLowerCase() + name.slice(1), name, kind });
    }
  }
  if (config.part === 'layout') {
    if (problems.length > 0) throw new Error(`GraphQL documents:\n  ${problems.join('\n  ')}`);
    return { content: '' };
  }
  const seen = new Set();
  for (const { method, name } of operations) {
    if (RESERVED.has(method))
      problems.push(`operation ${name}: method name ${method} is reserved by the client`);
    if (seen.has(method)) problems.push(`operation ${name}: method name ${method} is used twice`);
    seen.add(method);
  }
  if (problems.length > 0) throw new Error(`sdk/operations:\n  ${problems.join('\n  ')}`);

  operations.sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
  const entries = (subscriptions) =>
    operations
      .filter(({ kind }) => (kind === 'subscription') === subscriptions)
      .map(({ method, name }) => `  ${method}: ${name}Document,`);
  return {
    content: [
      '',
      '/** Every query and mutation of sdk/operations by client method name (generated). */',
      'export const operations = {',
      ...entries(false),
      '} as const;',
      '',
      '/** Every subscription of sdk/operations by client method name (generated): `client.subscriptions`. */',
      'export const subscriptions = {',
      ...entries(true),
      '} as const;',
      '',
    ].join('\n'),
  };
};

module.exports = { plugin };
