import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { NodeTypeName, Registry } from '../module';
import { OrderDirection, type Ordering } from '../pagination';
import type { Viewer } from '../viewer';

/** Rows per statement of an export: large enough to be cheap per row, small enough to stay flat. */
export const EXPORT_PAGE_SIZE = 1000;

/**
 * A to-one relation as `LEFT JOIN LATERAL (…) alias ON TRUE`: the row of `type` meeting `on`
 * (by id, or under a unique constraint), if the viewer's read scope of `type` lets them read it;
 * else its columns are NULL. One index probe per row of the page (`LIMIT 1` keeps the planner
 * from hashing the whole related table for each page).
 */
export type RelatedRow = (type: NodeTypeName, alias: string, on: string) => string;

export interface ScanRequest {
  dataSource: DataSource;
  nodes: Registry['nodes'];
  viewer: Viewer;
  /** The listed node type; its registry alias names the root row in `where`, `joins` and `select`. */
  type: NodeTypeName;
  /** The list's filter, as its service applies it to the GraphQL list. */
  where?: (qb: SelectQueryBuilder<ObjectLiteral>, alias: string) => void;
  /** The list's order (a NOT NULL column); the row id breaks ties, as in GraphQL's keyset pages. */
  order: Ordering;
  /**
   * Related rows, joined per page in the same statement. Each goes through `related`, the
   * viewer's read scope of its type, so a related row the viewer may not read joins as NULL:
   * its name is left empty, never leaked.
   */
  joins?: (related: RelatedRow) => string[];
  /** Output name → SQL expression. */
  select: Record<string, string>;
  pageSize?: number;
  /** Stops the scan before its next page (the client went away). */
  signal?: AbortSignal;
}

/** The rows of `spec`'s table the viewer may read: the same scope as GraphQL's lists and loaders. */
function scoped(request: ScanRequest, type: NodeTypeName, alias: string) {
  const spec = request.nodes[type];
  const qb = request.dataSource
    .getRepository(spec.entity)
    .createQueryBuilder(alias) as SelectQueryBuilder<ObjectLiteral>;
  spec.scope(qb, alias, request.viewer);
  return qb;
}

/** How many rows the scan will give (for the audit entry of an export). */
export function scanCount(request: ScanRequest): Promise<number> {
  const alias = request.nodes[request.type].alias;
  const qb = scoped(request, request.type, alias);
  request.where?.(qb, alias);
  return qb.getCount();
}

/**
 * Every row of a list, page by page in keyset order, in constant memory: one statement per page
 * of `pageSize` rows, with the related rows joined. At most one page is read ahead of the
 * consumer, so a slow reader slows the scan down, and one that stops (or `signal`) ends it.
 */
export async function* keysetScan<R extends ObjectLiteral>(
  request: ScanRequest,
): AsyncGenerator<R> {
  const { dataSource, order } = request;
  const alias = request.nodes[request.type].alias;
  const pageSize = request.pageSize ?? EXPORT_PAGE_SIZE;
  const joinParams: ObjectLiteral = {};
  const related: RelatedRow = (type, joinAlias, on) => {
    const qb = scoped(request, type, joinAlias).select(`${joinAlias}.*`).andWhere(on).limit(1);
    Object.assign(joinParams, qb.getParameters());
    return `LEFT JOIN LATERAL (${qb.getQuery()}) ${joinAlias} ON TRUE`;
  };
  const joins = (request.joins?.(related) ?? []).join('\n');
  const selected = Object.entries(request.select)
    .map(([name, sql]) => `${sql} AS "${name}"`)
    .join(', ');
  const dir = order.direction === OrderDirection.ASC ? 'ASC' : 'DESC';
  type Row = R & { __sort: string; __id: number };
  const readPage = async (cursor: Row | null): Promise<Row[]> => {
    const page = scoped(request, request.type, alias);
    request.where?.(page, alias);
    if (cursor) {
      // The sort value travels as text (full precision for timestamps); PostgreSQL reads it back
      // as the column's type.
      page.andWhere(
        `(${order.column}, ${alias}.id) ${dir === 'ASC' ? '>' : '<'} (:__sort, :__id)`,
        {
          __sort: cursor.__sort,
          __id: cursor.__id,
        },
      );
    }
    page
      .select(`${alias}.*`)
      .addSelect(`CAST(${order.column} AS text)`, '__sort')
      .orderBy(order.column, dir)
      .addOrderBy(`${alias}.id`, dir)
      .limit(pageSize);
    // The page is picked first, then joined: the joins run for its rows only.
    const text = `/* export page */ SELECT ${selected}, ${alias}.__sort AS "__sort", ${alias}.id AS "__id"
      FROM (${page.getQuery()}) ${alias}
      ${joins}
      ORDER BY ${order.column} ${dir}, ${alias}.id ${dir}`;
    const [sql, values] = dataSource.driver.escapeQueryWithParameters(text, {
      ...joinParams,
      ...page.getParameters(),
    });
    return (await dataSource.query(sql, values)) as Row[];
  };
  // One page is read ahead while the consumer writes the last one, so the database and the
  // writer work at the same time; never more than that, so memory stays at two pages.
  let next: Promise<Row[]> | null = request.signal?.aborted ? null : readPage(null);
  while (next) {
    const rows: Row[] = await next;
    next = null;
    if (rows.length === pageSize && !request.signal?.aborted) {
      next = readPage(rows[rows.length - 1]);
      // Handled here too, in case the consumer stops before awaiting it.
      next.catch(() => undefined);
    }
    for (const row of rows) yield row;
    if (request.signal?.aborted) return;
  }
}
