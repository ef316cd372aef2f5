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
    const { rows } = await poolOf(dataSource).query<R>(
      prepare && prepares.get(dataSource) !== false
        ? { name: statementName(text), text, values }
        : { text, values },
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

/** A prepared statement's name: the same for the same text, in every process. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
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
