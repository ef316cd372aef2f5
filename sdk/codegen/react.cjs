// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file */
/**
 * The React hooks of `@guazhi/sdk/react` (sdk/src/generated/react.ts), one per operation of
 * sdk/operations, written by sdk-plugin.cjs's `part: react`. Each hook is a call of a factory in
 * sdk/src/react/hooks.ts with its own document, marked pure, so a page that imports three hooks
 * bundles three documents.
 *
 * Which queries a mutation or subscription makes stale (the invalidation rule, README "React") is
 * worked out here from the schema, by entity type (the types that implement `Node`):
 *   1. a query *shows* the entity types its selection reaches (fragments followed; an interface or
 *      union reached counts as all its entity types);
 *   2. a mutation *writes* the entity types its payload returns (`acknowledgeAlert { alert }`:
 *      Alert), a subscription event those it carries (`alertChanged { alert }`: Alert);
 *   3. it invalidates every query that shows a written type, or a type with a field of a written
 *      type or of a connection of it (Posting has `alerts`: what a posting shows of its alerts,
 *      counts included, may change);
 *   4. and every query that reads figures computed over many records (a root field that returns
 *      neither an entity nor a connection of entities: statistics, programmeOverview,
 *      workCalendar), which any write may change;
 *   5. and every query showing an entity type that no mutation returns (audit entries): such
 *      records are written only as a side effect of other mutations, so any mutation may add one.
 */
const { getNamedType, isAbstractType, isObjectType, isInterfaceType } = require('graphql');

/**
 * @param {import('graphql').GraphQLSchema} schema
 * @param {import('@graphql-codegen/plugin-helpers').Types.DocumentFile[]} documents
 * @param {(schema: import('graphql').GraphQLSchema, definition: import('graphql').OperationDefinitionNode, name: string, problems: string[]) => string[] | null} connectionOf
 * @returns {string}
 */
function reactHooks(schema, documents, connectionOf) {
  const node = schema.getType('Node');
  const entities = new Set(
    node && isInterfaceType(node) ? schema.getPossibleTypes(node).map((t) => t.name) : [],
  );
  /** @type {Map<string, import('graphql').FragmentDefinitionNode>} */
  const fragments = new Map();
  /** @type {import('graphql').OperationDefinitionNode[]} */
  const operations = [];
  for (const source of documents)
    for (const definition of source.document?.definitions ?? []) {
      if (definition.kind === 'FragmentDefinition')
        fragments.set(definition.name.value, definition);
      if (definition.kind === 'OperationDefinition' && definition.name) operations.push(definition);
    }
  operations.sort((a, b) => (a.name?.value ?? '').localeCompare(b.name?.value ?? ''));

  /** Entity types a selection set under `parent` reaches, fragments followed. */
  const touched = (
    /** @type {import('graphql').SelectionSetNode} */ selectionSet,
    /** @type {import('graphql').GraphQLNamedType | null | undefined} */ parent,
    /** @type {Set<string>} */ into,
  ) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'FragmentSpread') {
        const fragment = fragments.get(selection.name.value);
        if (fragment)
          touched(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), into);
      } else if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        touched(selection.selectionSet, type, into);
      } else if (
        selection.selectionSet &&
        parent &&
        (isObjectType(parent) || isInterfaceType(parent))
      ) {
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        const type = getNamedType(field.type);
        for (const name of entityTypes(type)) into.add(name);
        touched(selection.selectionSet, type, into);
      }
    }
    return into;
  };
  /** @param {import('graphql').GraphQLNamedType} type */
  const entityTypes = (type) =>
    isAbstractType(type)
      ? schema
          .getPossibleTypes(type)
          .map((t) => t.name)
          .filter((name) => entities.has(name))
      : entities.has(type.name)
        ? [type.name]
        : [];
  /** Whether a root field returns figures: neither an entity nor a connection of entities. */
  const readsFigures = (/** @type {import('graphql').OperationDefinitionNode} */ definition) =>
    definition.selectionSet.selections.some((selection) => {
      if (selection.kind !== 'Field' || selection.name.value === '__typename') return false;
      const field = schema.getQueryType()?.getFields()[selection.name.value];
      if (!field) return false;
      const type = getNamedType(field.type);
      if (entityTypes(type).length > 0) return false;
      const edges = isObjectType(type) ? type.getFields().edges : undefined;
      const node = edges && getNamedType(edges.type);
      const nodeField = node && isObjectType(node) ? node.getFields().node : undefined;
      return !(nodeField && entityTypes(getNamedType(nodeField.type)).length > 0);
    });

  const rootOf = (/** @type {string} */ kind) =>
    kind === 'query'
      ? schema.getQueryType()
      : kind === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  /** The entity types a mutation's payload (or a subscription's event) returns at its top level. */
  const writes = (/** @type {import('graphql').OperationDefinitionNode} */ definition) => {
    const into = new Set();
    const root = rootOf(definition.operation);
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind !== 'Field' || !root) continue;
      const field = root.getFields()[selection.name.value];
      const payload = field && getNamedType(field.type);
      if (!payload) continue;
      for (const name of entityTypes(payload)) into.add(name);
      if (!isObjectType(payload) || !selection.selectionSet) continue;
      for (const inner of selection.selectionSet.selections) {
        const innerField = inner.kind === 'Field' ? payload.getFields()[inner.name.value] : null;
        if (innerField)
          for (const name of entityTypes(getNamedType(innerField.type))) into.add(name);
      }
    }
    return into;
  };
  /** Entity types with a field of one of `types`, or of a connection of one (their lists, counts). */
  const parentsOf = (/** @type {Set<string>} */ types) => {
    const into = new Set(types);
    for (const name of entities) {
      const type = schema.getType(name);
      if (!type || !isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type);
        const edges = isObjectType(target) ? target.getFields().edges : undefined;
        const edge = edges && getNamedType(edges.type);
        const nodeField = edge && isObjectType(edge) ? edge.getFields().node : undefined;
        const targets = [
          ...entityTypes(target),
          ...(nodeField ? entityTypes(getNamedType(nodeField.type)) : []),
        ];
        if (targets.some((t) => types.has(t))) into.add(name);
      }
    }
    return into;
  };
  const ops = operations.map((definition) => {
    const name = /** @type {string} */ (definition.name?.value);
    return {
      name,
      method: name[0].toLowerCase() + name.slice(1),
      kind: definition.operation,
      definition,
      shows: touched(definition.selectionSet, rootOf(definition.operation), new Set()),
      writes: definition.operation === 'query' ? new Set() : writes(definition),
    };
  });
  const queries = ops.filter((op) => op.kind === 'query');
  const returned = new Set(
    ops.filter((op) => op.kind === 'mutation').flatMap((op) => [...op.writes]),
  );
  const alwaysStale = queries.filter(
    (q) => readsFigures(q.definition) || [...q.shows].some((type) => !returned.has(type)),
  );
  /** The queries made stale by writing `types`, by method name. */
  const stale = (/** @type {Set<string>} */ types) => {
    const affected = parentsOf(types);
    return queries
      .filter((q) => alwaysStale.includes(q) || [...q.shows].some((type) => affected.has(type)))
      .map((q) => q.method);
  };

  const suffix = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
  const lines = [];
  const used = new Set();
  for (const op of ops) {
    const document = `${op.name}Document`;
    const pascal = op.name;
    if (op.kind === 'query') {
      used.add('queryHook');
      lines.push(
        '',
        `/** \`${op.method}\` as a query hook: \`use${pascal}Query(variables, options?)\`. */`,
        `export const use${pascal}Query = /* @__PURE__ */ queryHook('${op.method}', ${document});`,
      );
      const connection = connectionOf(schema, op.definition, op.name, []);
      if (connection) {
        used.add('infiniteQueryHook');
        lines.push(
          `/** \`${op.method}\` page after page (\`$after\` = \`pageInfo.endCursor\` of the last page). */`,
          `export const use${pascal}InfiniteQuery = /* @__PURE__ */ infiniteQueryHook('${op.method}', ${document}, ${JSON.stringify(connection)});`,
        );
      }
    } else {
      const hook = op.kind === 'mutation' ? 'mutationHook' : 'subscriptionHook';
      used.add(hook);
      const affected = stale(op.writes);
      lines.push(
        '',
        `/** \`${op.method}\`; ${op.kind === 'mutation' ? 'after success' : 'on each event'} invalidates: ${affected.join(', ') || 'nothing'}. */`,
        `export const use${pascal}${suffix[op.kind]} = /* @__PURE__ */ ${hook}(${document}, ${JSON.stringify(affected)});`,
      );
    }
  }
  const keys = queries.map(
    (q) =>
      `  ${q.method}: (variables?: ${q.name}QueryVariables): GuazhiQueryKey => queryKey('${q.method}', variables),`,
  );
  used.add('queryKey');
  return [
    `import { ${[...used].sort().join(', ')}, type GuazhiQueryKey } from '../react/hooks';`,
    'import {',
    ...ops.map((op) => `  ${op.name}Document,`),
    ...queries.map((q) => `  type ${q.name}QueryVariables,`),
    "} from './graphql';",
    ...lines,
    '',
    '/**',
    " * The query key of each query, `['guazhi', '<query>', variables]`, for `invalidateQueries`,",
    " * `setQueryData` and the like; without variables, the prefix `['guazhi', '<query>']` that matches",
    ' * the query with any variables (its infinite query too). `all` matches every Guazhi query.',
    ' */',
    'export const guazhiKeys = {',
    "  all: ['guazhi'] as GuazhiQueryKey,",
    ...keys,
    '};',
    '',
  ].join('\n');
}

module.exports = { reactHooks };
