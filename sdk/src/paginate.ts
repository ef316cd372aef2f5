/**
 * `client.paginate.<list>(variables)`: every list query of sdk/operations as an async iterator over
 * its nodes, page after page. Nothing here names a list: the generated `connections` map (built by
 * sdk/codegen/sdk-plugin.cjs from each query's selection) says where each query's connection is,
 * and the types below find its node type in the query's result type along the same path.
 */
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { GuazhiError, type GraphQLErrorEntry } from './errors';
import { connections, operations } from './generated/graphql';
import type { GuazhiResult } from './index';

type Connections = typeof connections;
type Operations = typeof operations;

/** Client method names of the queries that page through a connection (`first`/`after`). */
export type ListOperation = keyof Connections & keyof Operations;

/**
 * The value at a path of response keys, through nullable fields and through `node(id:)` unions
 * (members without the key, i.e. other types, drop out).
 */
type At<T, P> = P extends readonly [infer K, ...infer Rest]
  ? T extends object
    ? K extends keyof T
      ? At<NonNullable<T[K]>, Rest>
      : never
    : never
  : T;

/** The node type of a connection selected with `edges { node }` or `nodes`. */
type NodeOf<C> = C extends { edges: ReadonlyArray<infer E> }
  ? E extends { node: infer N }
    ? NonNullable<N>
    : never
  : C extends { nodes: ReadonlyArray<infer N> }
    ? NonNullable<N>
    : never;

/** What `client.paginate.<K>` yields: the node type of list query K's connection. */
export type PageNode<K extends ListOperation> = NodeOf<At<ResultOf<Operations[K]>, Connections[K]>>;

/** The variables of a list query; `after` is where to start (the first page when left out). */
export type PageVariables<K extends ListOperation> = VariablesOf<Operations[K]>;

interface Connection {
  edges?: ReadonlyArray<{ node: unknown } | null> | null;
  nodes?: ReadonlyArray<unknown> | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

type Send<TOptions> = (
  document: unknown,
  variables: Record<string, unknown>,
  options?: TOptions,
) => Promise<GuazhiResult<unknown>>;

/**
 * Whether an error only nulls a field inside one of the page's nodes and says so by design:
 * FORBIDDEN on e.g. `postings.edges.3.node.cadre` (a cadre outside the viewer's scope). Such rows
 * are yielded with that field null, as `partial` gives them; any other error ends the iteration.
 */
function isFieldDenial(error: GraphQLErrorEntry, connection: readonly string[]): boolean {
  const path = error.path ?? [];
  return (
    error.extensions?.code === 'FORBIDDEN' &&
    path.length > connection.length + 2 &&
    connection.every((key, i) => path[i] === key)
  );
}

/**
 * The `paginate` methods over `send` (the client's `raw`): each call runs the query with `after`
 * set to the previous page's `pageInfo.endCursor` while `hasNextPage`, and yields the page's nodes
 * in order. `first` is the page size. The iterator ends when the parent of a nested list
 * (`node(id:)`) is null, e.g. an ID of another type; it throws GuazhiError on any error but a
 * field denied inside a node (see isFieldDenial).
 */
export function paginators<TOptions>(
  send: Send<TOptions>,
): Record<ListOperation, (variables?: object, options?: TOptions) => AsyncGenerator<unknown>> {
  const methods = {} as Record<
    ListOperation,
    (variables?: object, options?: TOptions) => AsyncGenerator<unknown>
  >;
  for (const name of Object.keys(connections) as ListOperation[]) {
    const path: readonly string[] = connections[name];
    methods[name] = async function* (variables, options) {
      let after = (variables as { after?: string | null } | undefined)?.after ?? null;
      for (;;) {
        const result = await send(operations[name], { ...variables, after }, options);
        const { data, errors } = result;
        if (data === null || errors.some((error) => !isFieldDenial(error, path)))
          throw GuazhiError.of(result);
        let connection: unknown = data;
        for (const key of path) connection = (connection as Record<string, unknown> | null)?.[key];
        if (!connection) return;
        const page = connection as Connection;
        const nodes = page.edges ? page.edges.map((edge) => edge?.node) : (page.nodes ?? []);
        for (const node of nodes) if (node != null) yield node;
        const next = page.pageInfo.endCursor ?? null;
        // A cursor that does not move would loop for ever; the server never sends one, but stop.
        if (!page.pageInfo.hasNextPage || next === null || next === after) return;
        after = next;
      }
    };
  }
  return methods;
}
