/**
 * The SDK covers the schema (issue 13): every root field of Query, Mutation and Subscription is
 * selected by an operation of sdk/operations, every connection field of every type can be paged
 * on its own (an operation taking `$first`/`$after` passes `after: $after` to it), and
 * `client.paginate` has exactly the operations that take `$first` and `$after`. Read from the
 * .graphql files with graphql-js, independently of the code generator that builds the client.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { connections, operations, subscriptions } from '../sdk/src/generated/graphql';

const ROOT = path.resolve(__dirname, '..');
const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));

function graphqlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? graphqlFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.graphql')
          ? [path.join(dir, entry.name)]
          : [],
    );
}

// Fragments are not needed: root fields and paged connections are selected in the operations.
const definitions: OperationDefinitionNode[] = graphqlFiles(path.join(ROOT, 'sdk/operations'))
  .flatMap((file) => parse(fs.readFileSync(file, 'utf8')).definitions)
  .filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');

const variablesOf = (op: OperationDefinitionNode) =>
  new Set((op.variableDefinitions ?? []).map((v) => v.variable.name.value));
const isList = (op: OperationDefinitionNode) =>
  variablesOf(op).has('first') && variablesOf(op).has('after');
const methodOf = (op: OperationDefinitionNode) => {
  const name = op.name!.value;
  return name[0].toLowerCase() + name.slice(1);
};

/** `Type.field` of every field returning a connection, root lists included. */
function connectionFields(): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => getNamedType(field.type).name.endsWith('Connection'))
        .map((field) => `${type.name}.${field.name}`),
    )
    .sort();
}

/** `Type.field` of every connection an operation pages: `after: $after` in a list operation. */
function pagedFields(): string[] {
  const paged = new Set<string>();
  for (const op of definitions.filter(isList)) {
    const typeInfo = new TypeInfo(schema);
    visit(
      op,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          const pagedByAfter = node.arguments?.some(
            (a) => a.name.value === 'after' && a.value.kind === 'Variable',
          );
          if (parent && pagedByAfter) paged.add(`${parent.name}.${node.name.value}`);
        },
      }),
    );
  }
  return [...paged].sort();
}

const roots = {
  query: schema.getQueryType(),
  mutation: schema.getMutationType(),
  subscription: schema.getSubscriptionType(),
};

describe('SDK operations cover the schema', () => {
  it.each(['query', 'mutation', 'subscription'] as const)(
    'selects every root field of the %s type in some operation',
    (kind) => {
      const root = roots[kind];
      const covered = new Set(
        definitions
          .filter((op) => op.operation === kind)
          .flatMap((op) => op.selectionSet.selections)
          .flatMap((s) => (s.kind === 'Field' ? [s.name.value] : [])),
      );
      const fields = Object.keys(root!.getFields());
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.filter((f) => !covered.has(f))).toEqual([]);
    },
  );

  it('pages every connection field of every type with an operation of its own (parent id plus first/after)', () => {
    const paged = new Set(pagedFields());
    const fields = connectionFields();
    // The nested lists the issue names, so that an emptied schema walk cannot pass.
    expect(fields).toEqual(
      expect.arrayContaining(['SelectionRound.candidates', 'Mentorship.sessions']),
    );
    expect(fields.filter((f) => !paged.has(f))).toEqual([]);
  });

  it('gives client.paginate exactly the operations that take $first and $after', () => {
    const lists = definitions.filter(isList).map(methodOf).sort();
    expect(lists.length).toBeGreaterThanOrEqual(connectionFields().length);
    expect(Object.keys(connections).sort()).toEqual(lists);
    // …each a query method of the client.
    for (const method of lists) expect(Object.keys(operations)).toContain(method);
  });

  it('turns every operation into a client method (queries and mutations) or a subscription', () => {
    const names = (kind: string) =>
      definitions
        .filter((op) => (op.operation === 'subscription') === (kind === 'subscription'))
        .map(methodOf)
        .sort();
    expect(Object.keys(operations).sort()).toEqual(names('method'));
    expect(Object.keys(subscriptions).sort()).toEqual(names('subscription'));
  });
});
