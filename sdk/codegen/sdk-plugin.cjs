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
const { reactHooks } = require('./react.cjs');
const { getNamedType, isObjectType, isInterfaceType } = require('graphql');

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
  'paginate',
  'exportUrl',
  'export',
  'importFile',
  'tokenExpiresAt',
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
 * `part: layout` only checks the files; `part: react` emits the React hooks (sdk/codegen/react.cjs).
 * @type {import('@graphql-codegen/plugin-helpers').PluginFunction<{ part?: 'header' | 'operations' | 'layout' | 'react', header?: string }>}
 */
const plugin = (schema, documents, config) => {
  if (config.part === 'header')
    return { prepend: config.header ? [config.header] : [], content: '' };
  if (config.part === 'react') return { content: reactHooks(schema, documents, connectionOf) };
  /** @type {{ method: string, name: string, kind: string, connection?: string[] }[]} */
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
      const method = name[0].toLowerCase() + name.slice(1);
      const connection = kind === 'query' ? connectionOf(schema, definition, name, problems) : null;
      operations.push({ method, name, kind, ...(connection ? { connection } : {}) });
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
  const lists = operations
    .filter(({ connection }) => connection)
    .map(({ method, connection }) => `  ${method}: ${JSON.stringify(connection)},`);
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
      '/**',
      ' * Every list query (one that takes `$first` and `$after` and selects a connection with its',
      ' * `pageInfo`) by client method name, with the path of response keys to that connection',
      ' * (generated): `client.paginate`.',
      ' */',
      'export const connections = {',
      ...lists,
      '} as const;',
      '',
    ].join('\n'),
  };
};

/**
 * The response keys leading to the connection a query pages through: the field whose `after`
 * argument is the operation's `$after` variable, of a `…Connection` type, with `pageInfo` selected.
 * Null when the query takes no `$first`/`$after` (not a list); a problem when it takes them but no
 * such field exists, or more than one does (paginate would not know which to follow).
 * @param {import('graphql').GraphQLSchema} schema
 * @param {import('graphql').OperationDefinitionNode} definition
 * @param {string} name
 * @param {string[]} problems
 * @returns {string[] | null}
 */
function connectionOf(schema, definition, name, problems) {
  const variables = new Set(
    (definition.variableDefinitions ?? []).map((v) => v.variable.name.value),
  );
  if (!variables.has('first') || !variables.has('after')) return null;
  /** @type {string[][]} */
  const found = [];
  /**
   * @param {import('graphql').SelectionSetNode} selectionSet
   * @param {import('graphql').GraphQLNamedType | null | undefined} parent
   * @param {string[]} keys
   */
  const walk = (selectionSet, parent, keys) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        walk(selection.selectionSet, type, keys);
      }
      if (selection.kind !== 'Field' || !selection.selectionSet) continue;
      if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      const type = getNamedType(field.type);
      const path = [...keys, selection.alias?.value ?? selection.name.value];
      const pagedByAfter = (selection.arguments ?? []).some(
        (a) =>
          a.name.value === 'after' && a.value.kind === 'Variable' && a.value.name.value === 'after',
      );
      const selectsPageInfo = selection.selectionSet.selections.some(
        (s) => s.kind === 'Field' && s.name.value === 'pageInfo',
      );
      if (pagedByAfter && type.name.endsWith('Connection') && selectsPageInfo) found.push(path);
      else walk(selection.selectionSet, type, path);
    }
  };
  walk(definition.selectionSet, schema.getQueryType(), []);
  if (found.length !== 1) {
    problems.push(
      `operation ${name}: takes $first and $after, so it must page exactly one connection (after: $after, with pageInfo); found ${found.length}`,
    );
    return null;
  }
  return found[0];
}

module.exports = { plugin };
