import type { Request, Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { MigrationInterface, ObjectLiteral } from 'typeorm';
import type { AuthedContext, TxContext } from '../context';
import type { RecordLifecycle } from './lifecycle';
import type { RoleScope } from './scope';
import type { Text } from './text';
import type { UserErrorCode, UserErrorCodes } from './user-error';

/**
 * The node types of every module by GraphQL type name, each module adding its own by declaration
 * merging in its manifest (`declare module '../../common/module' { interface NodeTypes … }`), so
 * that `ctx.loaders.Posting` is typed without common/ importing the posting module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeTypes {}

export type NodeTypeName = keyof NodeTypes & string;

/**
 * The actions the audit trail records, by module: each manifest adds its set by declaration
 * merging (`interface AuditActionSets { posting: typeof postingActions }`), so that the write
 * kernel takes a declared action only, without common/ importing the modules.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditActionSets {}

/** Action name → the node type it is recorded on, as `actionsOn` builds it. */
export type AuditActionSet = { readonly [action: string]: NodeTypeName };

type DeclaredSet = AuditActionSets[keyof AuditActionSets];

// Distributive over the modules' sets (a union): the keys of a union would be the common ones.
type ActionsIn<T> = T extends unknown ? keyof T & string : never;
type ActionsOnType<T, K> = T extends unknown
  ? { [A in keyof T]: T[A] extends K ? A : never }[keyof T] & string
  : never;

/** Every declared audit action: `posting.activate`, `candidate.select`, … */
export type AuditAction = ActionsIn<DeclaredSet>;

/** The audit actions recorded on node type `K`. */
export type AuditActionOn<K extends NodeTypeName> = ActionsOnType<DeclaredSet, K>;

/**
 * Declares a module's audit actions on one node type. The names are stored as written, and old
 * rows and clients filter by them: rename one only with a migration of `audit_entry.action`.
 */
export function actionsOn<K extends NodeTypeName, const A extends `${Uncapitalize<K>}.${string}`>(
  type: K,
  actions: readonly A[],
): { readonly [N in A]: K } {
  return Object.fromEntries(actions.map((action) => [action, type])) as { readonly [N in A]: K };
}

/** One change as the audit trail keeps it: what happened to which record, by whom, and why. */
export interface AuditRecord {
  action: AuditAction;
  entity: NodeTypeName;
  entityId: number;
  before?: object | null;
  after?: object | null;
  reason?: string | null;
}

/** Where the write kernel records each change, in the change's own transaction (the audit module). */
export interface AuditTrail {
  record(ctx: TxContext, entry: AuditRecord): Promise<void>;
  /** Many entries in one statement (the write kernel's batch writes). */
  recordMany(ctx: TxContext, entries: readonly AuditRecord[]): Promise<void>;
}

/**
 * What a module's HTTP routes get from the app: the request's context built exactly as GraphQL
 * builds it (the same viewer from the same Bearer token or API key, the same loaders and scopes),
 * and the schema, whose input types describe what a route may accept.
 */
export interface RouteDeps {
  /**
   * The request's context for a signed-in viewer, built as GraphQL builds it and held to the same
   * rules: no or a bad credential is UNAUTHENTICATED, a one-time password PASSWORD_CHANGE_REQUIRED
   * (`operation` names the route in that error). Every route goes through here, so none can skip one.
   */
  signedIn(req: Request, operation: string): Promise<AuthedContext>;
  schema: GraphQLSchema;
  /** Unexpected errors: logged, never sent to clients. */
  logError(error: unknown): void;
}

/** A class: an entity (its instances are rows of a table) or a type-graphql resolver. */
type Class = new (...args: never[]) => object;

/**
 * How a node type is read: its entity, its alias in SQL and the policy's read scope, a table with
 * one answer per role (`scopeByRole`), so no node type can be read by a role nobody considered.
 */
export interface NodeSpec<T extends ObjectLiteral = ObjectLiteral> {
  entity: new () => T;
  alias: string;
  scope: RoleScope;
  /**
   * Columns a field of this type reads besides its own column, the id and the foreign keys, by
   * GraphQL field name (a field resolver computing from other columns, e.g. an age from
   * `birthDate`): a narrow read (server/common/selection.ts) fetches them when the field is asked.
   */
  reads?: { readonly [field: string]: readonly string[] };
  /**
   * The type's to-one fields that follow a foreign key of its own (`related`/`required` in
   * server/common/relations.ts), by GraphQL field name: a page of this type whose selection asks
   * for one reads the referenced rows in the page's own statement, through their type's read
   * scope (server/common/joins.ts), and the field's resolver finds them read.
   */
  references?: { readonly [field: string]: Reference };
}

/** A to-one field following a foreign key: the type it points at and the key's entity property. */
export interface Reference {
  type: NodeTypeName;
  /** The foreign key's property on the entity, e.g. `cadreId`. */
  column: string;
}

/** A unique or exclusion constraint whose violation is an expected refusal, not a fault. */
export interface ConstraintError {
  code: UserErrorCode;
  message: Text;
  /**
   * The input field the violation is about (`name` for a sibling's name): the userError's
   * `field`, the same as when the check in code refuses first. Left out for a rule of several
   * fields or none the client sent.
   */
  field?: string;
}

/**
 * What a concept brings to the server (in the spirit of Vendure's plugins and Twenty's modules):
 * the schema, the data source, the loaders and the error handling are all built from the list of
 * modules in server/modules/index.ts, so a new concept is one folder and one line there.
 */
export interface GuazhiModule {
  /** The module's folder under server/modules. */
  name: string;
  entities?: Class[];
  resolvers?: Class[];
  /** Node types by GraphQL type name: `node(id:)`, the by-id loaders and locks read through these. */
  nodes?: { [K in NodeTypeName]?: NodeSpec<NodeTypes[K]> };
  userErrorCodes?: UserErrorCodes;
  /** Constraint name → the refusal its violation means (STYLE rule 7). */
  constraintErrors?: Record<string, ConstraintError>;
  migrations?: (new () => MigrationInterface)[];
  /**
   * SQL files of rules (functions, views) relative to the module's folder, applied in this order
   * after the migrations whenever they change (server/db/sql-rules.ts): the rule is written once,
   * and TypeScript calls it rather than restating it.
   */
  sqlRules?: string[];
  /** The audit actions of the module's records (see `actionsOn`); the kernel records no other. */
  auditActions?: AuditActionSet;
  /** The lifecycles of its node types: every change of such a record is one of their steps. */
  lifecycles?: readonly RecordLifecycle[];
  /** The audit trail itself (one module keeps it). */
  auditTrail?: AuditTrail;
  /**
   * HTTP routes beside GraphQL, for what is not a GraphQL document: file downloads (exports) and
   * uploads. Mounted by createApp before its error handler; each route answers its own errors in
   * GraphQL's shape (`{ errors: [{ message, extensions: { code } }] }`).
   */
  routes?: (deps: RouteDeps) => Router;
}

/** Keeps the manifest's exact type, so the composition can check its node types at compile time. */
export function defineModule<const M extends GuazhiModule>(module: M): M {
  return module;
}

/** Everything the modules declare, gathered once; each name may be declared by one module only. */
export interface Registry {
  modules: readonly GuazhiModule[];
  entities: Class[];
  resolvers: Class[];
  nodes: { [K in NodeTypeName]: NodeSpec<NodeTypes[K]> };
  userErrorCodes: UserErrorCodes[];
  constraintErrors: ReadonlyMap<string, ConstraintError>;
  migrations: (new () => MigrationInterface)[];
  /** Every module's rule files from the project root, in the modules' order. */
  sqlRules: string[];
  /** Audit action → the node type it is recorded on. */
  auditActions: ReadonlyMap<string, NodeTypeName>;
  lifecycles: ReadonlyMap<NodeTypeName, RecordLifecycle>;
  auditTrail: AuditTrail;
  /** Every module's HTTP routes, in the modules' order. */
  routes: ((deps: RouteDeps) => Router)[];
}

/** The timestamp TypeORM orders migrations by: the digits at the end of the class name. */
function migrationTime(migration: new () => MigrationInterface): number {
  const digits = /(\d{13})$/.exec(migration.name);
  if (!digits) throw new Error(`Migration ${migration.name} does not end in a 13-digit timestamp`);
  return Number(digits[1]);
}

export function buildRegistry(
  modules: readonly GuazhiModule[],
  foundationMigrations: (new () => MigrationInterface)[] = [],
): Registry {
  const once = new Set<unknown>();
  const claim = (what: string, key: unknown, owner: string) => {
    if (once.has(key)) throw new Error(`${what} is declared twice (again by module ${owner})`);
    once.add(key);
  };
  const nodes: Record<string, NodeSpec> = {};
  const constraintErrors = new Map<string, ConstraintError>();
  const auditActions = new Map<string, NodeTypeName>();
  const lifecycles = new Map<NodeTypeName, RecordLifecycle>();
  const trails: AuditTrail[] = [];
  for (const module of modules) {
    claim(`Module ${module.name}`, `module:${module.name}`, module.name);
    for (const entity of module.entities ?? []) claim(`Entity ${entity.name}`, entity, module.name);
    for (const resolver of module.resolvers ?? [])
      claim(`Resolver ${resolver.name}`, resolver, module.name);
    for (const [name, spec] of Object.entries(module.nodes ?? {})) {
      claim(`Node type ${name}`, `node:${name}`, module.name);
      nodes[name] = spec as NodeSpec;
    }
    for (const [name, error] of Object.entries(module.constraintErrors ?? {})) {
      claim(`Constraint ${name}`, `constraint:${name}`, module.name);
      constraintErrors.set(name, error);
    }
    for (const [action, type] of Object.entries(module.auditActions ?? {})) {
      claim(`Audit action ${action}`, `action:${action}`, module.name);
      auditActions.set(action, type);
    }
    for (const lifecycle of module.lifecycles ?? []) {
      claim(`The lifecycle of ${lifecycle.type}`, `lifecycle:${lifecycle.type}`, module.name);
      lifecycles.set(lifecycle.type, lifecycle);
    }
    if (module.auditTrail) trails.push(module.auditTrail);
  }
  for (const lifecycle of lifecycles.values()) {
    const stray = lifecycle.machine.events.filter((e) => auditActions.get(e) !== lifecycle.type);
    if (stray.length > 0) throw new Error(`${lifecycle.type} steps are not its actions: ${stray}`);
  }
  if (trails.length !== 1)
    throw new Error(`One module keeps the audit trail, not ${trails.length}`);
  const migrations = [...foundationMigrations, ...modules.flatMap((m) => m.migrations ?? [])];
  for (const migration of migrations) claim(`Migration ${migration.name}`, migration, 'list');
  return {
    modules,
    entities: modules.flatMap((m) => m.entities ?? []),
    resolvers: modules.flatMap((m) => m.resolvers ?? []),
    nodes: nodes as Registry['nodes'],
    userErrorCodes: modules.flatMap((m) => (m.userErrorCodes ? [m.userErrorCodes] : [])),
    constraintErrors,
    migrations: migrations.sort((a, b) => migrationTime(a) - migrationTime(b)),
    sqlRules: modules.flatMap((m) =>
      (m.sqlRules ?? []).map((file) => `server/modules/${m.name}/${file}`),
    ),
    auditActions,
    lifecycles,
    auditTrail: trails[0],
    routes: modules.flatMap((m) => (m.routes ? [m.routes] : [])),
  };
}
