import path from 'node:path';
import { type GraphQLSchema, isInterfaceType, lexicographicSortSchema, printSchema } from 'graphql';
import { validateOrReject, type ValidatorOptions } from 'class-validator';
import {
  ArgumentValidationError,
  type AuthChecker,
  buildSchema,
  type ClassType,
  type NonEmptyArray,
} from 'type-graphql';
import { BoundedCache } from './common/bounded-cache';
import { nodeTypeName } from './common/node';
import { readPlainFieldsDirectly } from './common/plain-fields';
import { forbidden, unauthenticated } from './common/errors';
import { projectRoot } from './common/project-root';
import { DateTimeISO } from './common/scalars';
import { expectPasswordChosen, type Context } from './context';
import { registerUserErrorCodes, UserErrorResolver } from './common/user-error';
import type { Role } from './common/role';
import { REGISTRY } from './modules';
import { PASSWORD_CHANGE_OPERATIONS } from './modules/auth/user.resolver';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * `@Authorized(...roles)`: no viewer is UNAUTHENTICATED, a viewer of another role FORBIDDEN. It is
 * also the one place where a viewer signed in with a one-time password is held to changing it:
 * every operation but those of PASSWORD_CHANGE_OPERATIONS answers PASSWORD_CHANGE_REQUIRED (every
 * operation but `login` declares its roles, so every one passes through here).
 */
export const authChecker: AuthChecker<Context, Role> = ({ context, info }, roles) => {
  if (!context.viewer) throw unauthenticated();
  if (ROOT_TYPES.has(info.parentType.name))
    expectPasswordChosen(context.viewer, info.fieldName, PASSWORD_CHANGE_OPERATIONS);
  if (roles.length > 0 && !roles.includes(context.viewer.role)) throw forbidden();
  return true;
};

/**
 * type-graphql insists on a PubSub once the schema has a subscription, though none of ours uses
 * topics: each declares its own `subscribe` (server/modules/live/live-stream.ts), fed by PostgreSQL.
 */
const NO_TOPICS = {
  publish(): void {
    throw new Error('Subscriptions use `subscribe` (live/live-stream.ts), not pubSub topics');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Subscriptions use `subscribe` (live/live-stream.ts), not pubSub topics');
  },
};

/** What type-graphql's own validation passes to class-validator; values are never echoed back. */
const VALIDATION: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * Validates an argument (an input object, or a list of them) as type-graphql's built-in
 * validation does (`validate` settings, same options, same ArgumentValidationError), but without
 * its `require('class-validator')` on every call: Node resolves that module path again each
 * time, and a list with a nested connection validated its arguments once per row (about 4 % of
 * the dashboard list's CPU).
 */
async function validateArgs(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const items: object[] = Array.isArray(value)
    ? value.filter((item): item is object => item !== null && typeof item === 'object')
    : [value];
  try {
    await Promise.all(items.map(validateOnce));
  } catch (errors) {
    throw new ArgumentValidationError(
      errors as ConstructorParameters<typeof ArgumentValidationError>[0],
    );
  }
}

/**
 * Values of an argument class that passed validation, as JSON: a nested connection's arguments
 * (`evaluations(last: 1)` under 50 postings) are the same value on every row, and class-validator
 * took ~0.8 ms per dashboard list to re-check them. Only small plain values are remembered;
 * a failure is never cached, so its errors are always the validator's own.
 */
const passed = new WeakMap<object, BoundedCache<string, true>>();

async function validateOnce(item: object): Promise<void> {
  const json = jsonOf(item);
  const shape = item.constructor;
  let known = passed.get(shape);
  if (json !== null && known?.get(json)) return;
  await validateOrReject(item, VALIDATION);
  if (json === null) return;
  if (!known) passed.set(shape, (known = new BoundedCache(1000)));
  known.set(json, true);
}

/** The value as JSON when it is small and has one (a BigInt has none); else null. */
function jsonOf(item: object): string | null {
  try {
    const json = JSON.stringify(item);
    return json.length <= 512 ? json : null;
  } catch {
    return null;
  }
}

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql has no option for the root types' descriptions; GraphiQL shows them first. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query)
    query.description = 'Reads. Sign in with `login`, then send `Authorization: Bearer <token>`.';
  if (mutation)
    mutation.description =
      'Changes. Each takes one `input` and returns `userErrors` for refused input.';
  const subscription = schema.getSubscriptionType();
  if (subscription)
    subscription.description =
      'Live updates (实时推送) over WebSocket (graphql-ws protocol) on the same URL; sign in with `{ authorization: "Bearer <token>" }` or `{ apiKey }` in connection_init.';
  return schema;
}

/**
 * type-graphql wraps an interface's `resolveType` in an async function; compiled execution
 * (graphql-jit, server/common/compiled-execution.ts) takes only a type name, not a promise of one,
 * so Node's is set back to the synchronous function it was declared with.
 */
function synchronousNodeType(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType('Node');
  if (!isInterfaceType(node)) throw new Error('the schema has no Node interface');
  node.resolveType = nodeTypeName;
  return schema;
}

/** The schema is built once per process: type-graphql's metadata is global anyway. */
export function createSchema(): Promise<GraphQLSchema> {
  registerUserErrorCodes(REGISTRY.userErrorCodes);
  built ??= buildSchema({
    resolvers: [...REGISTRY.resolvers, UserErrorResolver] as unknown as NonEmptyArray<ClassType>,
    authChecker,
    authMode: 'error',
    pubSub: NO_TOPICS,
    // Every `Date` field takes the bounded DateTimeISO (common/scalars.ts).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
    // Validation is off by default in type-graphql 2 (PITFALLS): on, through `validateArgs`.
    validateFn: validateArgs,
  }).then((schema) => {
    readPlainFieldsDirectly(schema);
    return synchronousNodeType(describeRoots(schema));
  });
  return built;
}

export const SCHEMA_FILE = path.join(projectRoot(), 'schema.graphql');

/** The committed `schema.graphql`: sorted so that it changes only when the schema does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
