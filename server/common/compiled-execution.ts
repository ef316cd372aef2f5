import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  astFromValue,
  execute,
  GraphQLError,
  type ExecutionResult,
  getVariableValues,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  printSchema,
  valueFromASTUntyped,
  typeFromAST,
  type DocumentNode,
  type OperationDefinitionNode,
  type ASTNode,
  Kind,
  visit,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Compiled execution (issue #12): a query document sent again runs as a JavaScript function
 * compiled for it by graphql-jit, instead of graphql-js walking the document field by field for
 * every row (a page of 50 postings with its references is ~1 000 fields). The same resolvers run,
 * in the same order per object, so every rule (roles, read scopes, field rules) applies as before.
 *
 * - **Only queries, and only documents seen before.** The first execution of a document runs on
 *   graphql-js, the second compiles it (1–3 ms for a dashboard list, ~20 ms for the
 *   introspection query): a client sending ever new documents never pays a compilation, nor
 *   makes the server keep one. Compiled functions hang off Apollo's parsed document (its
 *   document cache returns the same object for the same text), so they go when it does.
 *   Mutations and subscriptions stay on graphql-js: their cost is the transaction or the
 *   stream, not execution; so do documents with `@skip`/`@include` (`documentFacts`).
 * - **One known difference**: when an error nulls the whole `data` (a non-null root field), the
 *   errors of the other root fields are listed too, where graphql-js stops collecting them.
 *   Nothing more is shown; test/compiled-execution.test.ts holds both to the same answers else.
 * - **Variables as graphql-js reads them.** graphql-js coerces the variables first and its
 *   errors are the answer (the same messages and HTTP 400 as without compilation). graphql-jit
 *   then reads them again, given the input objects' default values written out, since it leaves
 *   a non-null input field's default unset (`orderBy: { field: START_DATE }` without `direction`
 *   would be refused); should it still refuse what graphql-js accepted, graphql-js runs the
 *   request.
 *
 * Installed through Apollo's gateway interface, the one way Apollo Server 5 lets an executor
 * other than graphql-js run an operation; Apollo still parses, validates and runs every plugin.
 */
export function compiledExecution(
  schema: GraphQLSchema,
  options: { compileAfter?: number | null } = {},
): CompiledExecution {
  const { compileAfter = 1 } = options;
  let compilations = 0;
  const byDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const executor: GatewayExecutor = async ({
    document,
    operationName,
    operation,
    context,
    request,
  }) => {
    const variables = request.variables ?? {};
    const run = (): Promise<ExecutionResult> | ExecutionResult =>
      execute({
        schema,
        document,
        // The name the client sent: Apollo's own is null when it named none of the document's.
        operationName: request.operationName,
        contextValue: context,
        variableValues: variables,
      });
    // No operation when the document's cannot be chosen (several and no operationName, or an
    // unknown one): graphql-js answers that, and Apollo makes it a 400.
    if (!operation || operation.operation !== 'query' || compileAfter === null) return run();

    let compiled = byDocument.get(document);
    if (!compiled) byDocument.set(document, (compiled = new Map()));
    const key = operationName ?? '';
    let entry = compiled.get(key);
    if (!entry) compiled.set(key, (entry = { runs: 0 }));
    if (!entry.query) {
      if (entry.runs++ < compileAfter || entry.failed) return run();
      const facts = documentFacts(document);
      if (!facts.compilable) {
        entry.failed = true;
        return run();
      }
      entry.nestedVariables = facts.nestedVariables;
      const result = compileQuery(schema, document, operationName ?? undefined, {
        // Errors carry no stack: they are formatted for clients, and logged from the resolver's.
        disablingCapturingStackErrors: true,
      });
      compilations++;
      if (!isCompiledQuery(result)) {
        entry.failed = true;
        return run();
      }
      entry.query = result;
    }

    // graphql-jit writes null where a variable inside an input object or list was not sent;
    // graphql-js leaves the field out, so that its default applies.
    if (entry.nestedVariables?.some((name) => !Object.hasOwn(variables, name))) return run();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
      maxErrors: 50,
    });
    if (coerced.errors) return { errors: coerced.errors };
    const result = await entry.query.query(
      undefined,
      context,
      withInputDefaults(schema, operation, variables),
    );
    // Refused variables answer with errors and no data: graphql-js accepted them above.
    if (!('data' in result)) return run();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
    get compilations() {
      return compilations;
    },
  };
}

export interface CompiledExecution extends GatewayInterface {
  /** Documents compiled so far (each operation of a document counts once). */
  readonly compilations: number;
}

/**
 * graphql-jit's error as graphql-js's own: graphql-jit leaves `extensions` undefined where the
 * thrown error has none (a database failure), and Apollo, which reads `extensions.code` before it
 * calls our formatter, would then answer a bare "Internal server error" without the request id
 * and without logging the failure.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  // graphql-jit knows the locations, not the nodes graphql-js would compute them from.
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

interface Compiled {
  runs: number;
  query?: CompiledQuery;
  /** Not compiled (`documentFacts`), or graphql-jit could not: it runs on graphql-js. */
  failed?: boolean;
  /** Variables used inside an input object or list literal (`documentFacts`). */
  nestedVariables?: string[];
}

/**
 * What decides how a document may run compiled:
 * - `compilable`: false with `@skip` or `@include` anywhere. graphql-jit writes a field's
 *   conditions onto the document's own nodes and joins them across every place a fragment is
 *   spread: a fragment skipped in one place lost its fields in another, and, on Apollo's cached
 *   document, in the next operation compiled from it (found by review).
 * - `nestedVariables`: variables inside an input object or list literal
 *   (`orderBy: { field: START_DATE, direction: $d }`); a request that does not send one runs on
 *   graphql-js.
 */
export function documentFacts(document: DocumentNode): {
  compilable: boolean;
  nestedVariables: string[];
} {
  let compilable = true;
  const nested = new Set<string>();
  visit(document, {
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') compilable = false;
    },
    Variable(node, _key, _parent, _path, ancestors) {
      const inLiteral = ancestors.some((a) => {
        const kind = Array.isArray(a) ? null : (a as ASTNode).kind;
        return kind === Kind.OBJECT || kind === Kind.LIST;
      });
      if (inLiteral) nested.add(node.name.value);
    },
  });
  return { compilable, nestedVariables: [...nested] };
}

/** The request's variables with every input object's omitted defaulted fields written out. */
export function withInputDefaults(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  let out = variables;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!Object.hasOwn(variables, name)) continue;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const filled = fillDefaults(type, variables[name]);
    if (filled !== variables[name]) {
      if (out === variables) out = { ...variables };
      out[name] = filled;
    }
  }
  return out;
}

/** `value` (as sent) with the defaults of the input objects in it; itself when nothing is added. */
function fillDefaults(type: GraphQLInputType, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return fillDefaults(type.ofType, value);
  if (isListType(type)) {
    if (!Array.isArray(value)) return fillDefaults(type.ofType, value);
    const items = value.map((item) => fillDefaults(type.ofType, item));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (!isInputObjectType(type) || typeof value !== 'object' || Array.isArray(value)) return value;
  const given = value as Record<string, unknown>;
  let out = given;
  for (const field of Object.values(type.getFields())) {
    let next: unknown;
    if (Object.hasOwn(given, field.name)) next = fillDefaults(field.type, given[field.name]);
    else if (field.defaultValue !== undefined) {
      const literal = astFromValue(field.defaultValue, field.type);
      next = literal ? valueFromASTUntyped(literal) : undefined;
    } else continue;
    if (next !== given[field.name]) {
      if (out === given) out = { ...given };
      out[field.name] = next;
    }
  }
  return out;
}
