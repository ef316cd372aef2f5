import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import {
  QueryFailedError,
  type DataSource,
  type EntityMetadata,
  type ObjectLiteral,
} from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

/**
 * Reads for the loaders straight from the pool under a DataSource, the statement built by TypeORM
 * and the rows hydrated by `hydrator`. TypeORM's own `getMany()` spends more CPU than PostgreSQL
 * does on a page of rows (a query runner per statement, grouping rows by primary key for joins
 * the loaders never make, relation-id passes): ~1.4 ms of 6 per `alerts(first: 50)` request.
 * Reads only: writes keep TypeORM's query runners and transactions.
 */

/** The `pg` pool under a DataSource (TypeORM's postgres driver keeps it as `master`). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Runs one read on the pool, logged as TypeORM logs its own statements (statement counts in
 * tests stay true). With `prepare`, the text becomes a named prepared statement on each
 * connection (parsed once, and planned once PostgreSQL settles on a generic plan): only for
 * statements of a bounded set of texts, as each stays on every connection for its life.
 */
export async function poolQuery<R extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
  prepare = false,
): Promise<R[]> {
  dataSource.logger.logQuery(text, values);
  try {
    const name = prepare && prepares.get(dataSource) !== false ? statementName(text) : undefined;
    const { rows } = await poolOf(dataSource).query<R>(
      name ? { name, text, values } : { text, values },
    );
    return rows;
  } catch (error) {
    // As TypeORM's query runner wraps it, so errors read and log the same whichever path failed
    // (the driver's fields, SQLSTATE `code` included, are copied onto it).
    throw new QueryFailedError(text, values, error as Error);
  }
}

const prepares = new WeakMap<DataSource, boolean>();

/**
 * Whether `poolQuery(…, prepare)` names its statements on this DataSource
 * (GUAZHI_PREPARED_STATEMENTS): off behind a pooler that cannot keep them (PgBouncer before 1.21,
 * or with `max_prepared_statements = 0`), where a named statement prepared on one server
 * connection is missing on the next.
 */
export function usePreparedStatements(dataSource: DataSource, enabled: boolean): void {
  prepares.set(dataSource, enabled);
}

const names = new Map<string, string>();

/**
 * How many distinct texts are prepared at most. Texts vary with the columns a query selects, so
 * clients could make many; each prepared statement stays in every pooled connection's memory on
 * the server (~100 KB each, measured on PostgreSQL 15), so past this many the rest run unnamed
 * (parsed and planned each time).
 */
const MAX_PREPARED_TEXTS = 300;

/** A prepared statement's name (the same for the same text, in every process), or undefined. */
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_PREPARED_TEXTS) {
    name = `g_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

export type Hydrate<T> = (raw: Record<string, unknown>) => T;

const hydrators = new WeakMap<EntityMetadata, Map<string, Hydrate<ObjectLiteral>>>();

/**
 * Builds entities from rows selected the way TypeORM selects an alias's columns (`alias_column`),
 * converting each value as `getMany()` does (the driver's `prepareHydratedValue`: dates, column
 * transformers) and creating the entity as it does (its prototype, no constructor). Relations are
 * left unset: the loaders load them by id.
 */
export function hydrator<T extends ObjectLiteral>(
  dataSource: DataSource,
  metadata: EntityMetadata,
  alias: string,
): Hydrate<T> {
  let byAlias = hydrators.get(metadata);
  if (!byAlias) hydrators.set(metadata, (byAlias = new Map()));
  const known = byAlias.get(alias);
  if (known) return known as Hydrate<T>;
  const driver = dataSource.driver;
  const columns = metadata.columns
    .filter((column) => !column.isVirtual)
    .map((column) => ({
      column,
      key: DriverUtils.buildAlias(driver, undefined, alias, column.databaseName),
    }));
  const hydrate: Hydrate<ObjectLiteral> = (raw) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
    for (const { column, key } of columns) {
      const value = raw[key];
      if (value !== undefined)
        column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  };
  byAlias.set(alias, hydrate);
  return hydrate as Hydrate<T>;
}

/**
 * Under test, reading a column a narrow read did not fetch throws instead of reading
 * `undefined`: a field resolver that reads a column its type does not declare in `reads`
 * (server/common/selection.ts) fails its tests rather than answering null in production.
 */
const GUARD_UNREAD = process.env.NODE_ENV === 'test';

/**
 * `hydrator` for rows of only `columns` (entity property names; null for every column). The
 * entities it builds stay out of the by-id loaders of whole rows (server/common/loaders.ts).
 */
export function narrowHydrator<T extends ObjectLiteral>(
  dataSource: DataSource,
  metadata: EntityMetadata,
  alias: string,
  columns: readonly string[] | null,
): Hydrate<T> {
  const hydrate = hydrator<T>(dataSource, metadata, alias);
  if (!columns || !GUARD_UNREAD) return hydrate;
  const read = new Set(columns);
  const unread = metadata.columns
    .filter((c) => !c.isVirtual && !read.has(c.propertyName))
    .map((c) => c.propertyName);
  return (raw) => {
    const entity = hydrate(raw);
    for (const property of unread) {
      Object.defineProperty(entity, property, {
        configurable: true,
        enumerable: false,
        get() {
          throw new Error(
            `${metadata.name}.${property} was not read: the field that reads it must name it in ${metadata.name}'s \`reads\` (server/common/selection.ts)`,
          );
        },
        set(value: unknown) {
          Object.defineProperty(entity, property, {
            value,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        },
      });
    }
    return entity;
  };
}
