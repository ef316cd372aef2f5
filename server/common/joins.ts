import type { DataSource, EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import { narrowHydrator } from '../db/pool-read';
import type { NodeTypeName } from './module';
import type { Columns, Join } from './selection';

/**
 * To-one references read in a page's own statement (issue 12: "relations joined where that is
 * cheaper"). A page of 50 postings showing each one's cadre, the cadre's home unit and the
 * receiving unit was four statements in three round trips; joined, it is one. Each referenced
 * row is read as its type's by-id loader reads it — through that type's read scope for the
 * viewer — so a row the viewer may not read joins as NULLs and is left to its loader, which
 * answers null (the field's FORBIDDEN) exactly as without the join.
 */

/** The alias of the `i`th join in the page statement (and the prefix of its columns). */
export const joinAlias = (i: number) => `_j${i}`;

/** The alias the page's own rows have in the statement that joins them. */
export const PAGE_ALIAS = '__page';

/** A join as the page statement runs it. */
export interface JoinQuery {
  type: NodeTypeName;
  alias: string;
  /** `SELECT …` of the referenced row, correlated with the page's row; named parameters. */
  sql: string;
  parameters: ObjectLiteral;
  metadata: EntityMetadata;
  columns: Columns;
}

/** The rows of `type` the viewer may read, as `alias` (the loaders' own read scope). */
export type ScopedAs = (type: NodeTypeName, alias: string) => SelectQueryBuilder<ObjectLiteral>;

/**
 * The joins' statements. `pageAlias` and `pageMetadata` are the listed type's; a join's foreign
 * key is read from the page's row as the page statement names it (`posting_cadre_id`), or from
 * the join it follows (`_j0_home_unit_id`).
 */
export function joinQueries(
  dataSource: DataSource,
  scopedAs: ScopedAs,
  pageAlias: string,
  pageMetadata: EntityMetadata,
  joins: readonly Join[],
): JoinQuery[] {
  const built: JoinQuery[] = [];
  joins.forEach((join, i) => {
    const alias = joinAlias(i);
    const [fromAlias, fromMetadata, fromTable] =
      join.from < 0
        ? [pageAlias, pageMetadata, PAGE_ALIAS]
        : [built[join.from].alias, built[join.from].metadata, built[join.from].alias];
    const key = fromMetadata.findColumnWithPropertyName(join.column);
    if (!key) throw new Error(`join ${join.type}: ${fromMetadata.name} has no ${join.column}`);
    const outputName = DriverUtils.buildAlias(
      dataSource.driver,
      undefined,
      fromAlias,
      key.databaseName,
    );
    const qb = scopedAs(join.type, alias);
    if (join.columns) qb.select(join.columns.map((property) => `${alias}.${property}`));
    // LIMIT 1 keeps the subquery from being pulled up into a join, which the planner answered
    // by hashing the whole referenced table (4 768 units) for a page of 50.
    qb.andWhere(`${alias}.id = "${fromTable}"."${outputName}"`).limit(1);
    built.push({
      type: join.type,
      alias,
      sql: qb.getQuery(),
      parameters: qb.getParameters(),
      metadata: qb.expressionMap.mainAlias!.metadata,
      columns: join.columns,
    });
  });
  return built;
}

/**
 * The page statement `pageSql` (named parameters `pageParameters`) with the joins' rows beside
 * each of its rows, in the page's order (`order`, over the page statement's output columns).
 * Null when two scopes' parameters share a name with different values, so that the page is read
 * without joins rather than with a wrong scope (the scopes name theirs after their alias:
 * server/common/scope.ts `param`).
 */
export function withJoins(
  dataSource: DataSource,
  pageSql: string,
  pageParameters: ObjectLiteral,
  order: string,
  joins: readonly JoinQuery[],
): [string, unknown[]] | null {
  const parameters: ObjectLiteral = { ...pageParameters };
  for (const join of joins) {
    for (const [name, value] of Object.entries(join.parameters)) {
      if (name in parameters && parameters[name] !== value) return null;
      parameters[name] = value;
    }
  }
  const sql =
    `SELECT "${PAGE_ALIAS}".*, ${joins.map((j) => `"${j.alias}".*`).join(', ')} ` +
    `FROM (${pageSql}) "${PAGE_ALIAS}" ` +
    joins.map((j) => `LEFT JOIN LATERAL (${j.sql}) "${j.alias}" ON TRUE`).join(' ') +
    ` ORDER BY ${order}`;
  return dataSource.driver.escapeQueryWithParameters(sql, parameters);
}

/**
 * The referenced rows of each join in `raw` (the page statement's rows), one entity per id, for
 * the loaders to remember: a row that joined as NULLs (none, or one out of the viewer's scope)
 * is left out.
 */
export function joinedRows(
  dataSource: DataSource,
  joins: readonly JoinQuery[],
  raw: readonly Record<string, unknown>[],
): ObjectLiteral[][] {
  return joins.map((join) => {
    const hydrate = narrowHydrator(dataSource, join.metadata, join.alias, join.columns);
    const idKey = DriverUtils.buildAlias(dataSource.driver, undefined, join.alias, 'id');
    const byId = new Map<unknown, ObjectLiteral>();
    for (const row of raw) {
      const id = row[idKey];
      if (id != null && !byId.has(id)) byId.set(id, hydrate(row));
    }
    return [...byId.values()];
  });
}
