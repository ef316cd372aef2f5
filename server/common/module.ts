import type { MigrationInterface, ObjectLiteral } from 'typeorm';
import type { RoleScope } from './scope';
import type { UserErrorCode, UserErrorCodes } from './user-error';

/**
 * The node types of every module by GraphQL type name, each module adding its own by declaration
 * merging in its manifest (`declare module '../../common/module' { interface NodeTypes … }`), so
 * that `ctx.loaders.Posting` is typed without common/ importing the posting module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeTypes {}

export type NodeTypeName = keyof NodeTypes & string;

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
}

/** A unique or exclusion constraint whose violation is an expected refusal, not a fault. */
export interface ConstraintError {
  code: UserErrorCode;
  message: string;
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
  }
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
  };
}
