import { type ClassType, Field, Int, ObjectType, ArgsType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { DataSource, EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors';
import { narrowHydrator, poolQuery } from '../db/pool-read';
import { joinedRows, PAGE_ALIAS, withJoins, type JoinQuery } from './joins';
import type { Columns, Join } from './selection';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: {
    ASC: { description: 'Smallest first (升序).' },
    DESC: { description: 'Largest first (降序).' },
  },
});

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Return the first n items (at most ${MAX_PAGE_SIZE}).`,
  })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description: `Return the last n items (at most ${MAX_PAGE_SIZE}).`,
  })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string;

  /**
   * Not an argument: the columns the query's selection needs (`selecting` in common/list.ts),
   * set by a connection's resolver; every column when absent.
   */
  select?: Columns;

  /**
   * Not an argument: the references the query's selection follows from the listed rows
   * (`selecting` in common/list.ts), read in the page's statement (common/joins.ts).
   */
  joins?: readonly Join[];
}

@ObjectType({ description: 'Where a page sits in its list (Relay PageInfo).' })
export class PageInfo {
  @Field({ description: 'More items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a service hands back; the GraphQL connection types wrap it. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/** Builds `XConnection` and `XEdge` object types for a node type. */
export function connectionType<T extends object>(
  nodeType: ClassType<T>,
  name: string,
  description: string,
) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a connection, with its cursor.` })
  class EdgeType implements Edge<T> {
    @Field({ description: 'Opaque cursor of this item for `after`/`before`.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionType implements ConnectionShape<T> {
    constructor(private readonly page: Page<T>) {}

    @Field(() => [EdgeType], { description: 'Items of this page with their cursors.' })
    get edges(): Edge<T>[] {
      return this.page.edges;
    }

    @Field(() => [nodeType], { description: 'Items of this page (the nodes of `edges`).' })
    get nodes(): T[] {
      return this.page.edges.map((e) => e.node);
    }

    @Field(() => PageInfo, { description: 'Paging state of this page.' })
    get pageInfo(): PageInfo {
      return this.page.pageInfo;
    }

    @Field(() => Int, { description: 'Number of items in the whole list, across all pages.' })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }
  }
  return ConnectionType;
}

// ---------------------------------------------------------------------------------------------
// Keyset pagination in SQL: (sort, id) tuples compared in the database, never OFFSET.

type CursorValue = string | number | boolean;

export function encodeCursor(sort: CursorValue, id: number): string {
  return Buffer.from(JSON.stringify([sort, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, field: string): [CursorValue, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      ['string', 'number', 'boolean'].includes(typeof parsed[0]) &&
      Number.isInteger(parsed[1])
    ) {
      return [parsed[0] as CursorValue, parsed[1] as number];
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(
    { en: `${field} is not a valid cursor`, zh: `${field} 不是有效的分页游标` },
    field,
  );
}

export interface Ordering {
  /** SQL expression of the sort column, e.g. `p.start_date`; must be NOT NULL. */
  column: string;
  direction: OrderDirection;
}

export interface KeysetPlan {
  limit: number;
  backward: boolean;
  cursor: [CursorValue, number] | null;
}

/** The page the arguments ask for; BAD_USER_INPUT for arguments out of range or a bad cursor. */
export function keysetPlan(args: PageArgs): KeysetPlan {
  if (args.first != null && args.last != null)
    throw badInput(
      { en: 'Pass either first or last, not both', zh: 'first 与 last 只能传其一' },
      'first',
    );
  if (args.after != null && args.before != null)
    throw badInput(
      { en: 'Pass either after or before, not both', zh: 'after 与 before 只能传其一' },
      'after',
    );
  const backward = args.last != null || (args.before != null && args.first == null);
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  if (limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badInput(
      {
        en: `Page size must be between 0 and ${MAX_PAGE_SIZE}`,
        zh: `每页条数须在 0 至 ${MAX_PAGE_SIZE} 之间`,
      },
      backward ? 'last' : 'first',
    );
  }
  const raw = backward ? args.before : args.after;
  const cursor = raw != null ? decodeCursor(raw, backward ? 'before' : 'after') : null;
  return { limit, backward, cursor };
}

function sqlDirection(order: Ordering, backward: boolean): 'ASC' | 'DESC' {
  const asc = order.direction === OrderDirection.ASC;
  return asc !== backward ? 'ASC' : 'DESC';
}

/** Adds the cursor condition to `qb`; returns the ORDER BY direction to use. */
function applyKeyset<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  order: Ordering,
  keyset: KeysetPlan,
): 'ASC' | 'DESC' {
  const dir = sqlDirection(order, keyset.backward);
  if (keyset.cursor) {
    const op = dir === 'ASC' ? '>' : '<';
    qb.andWhere(`(${order.column}, ${alias}.id) ${op} (:__cursorSort, :__cursorId)`, {
      __cursorSort: keyset.cursor[0],
      __cursorId: keyset.cursor[1],
    });
  }
  return dir;
}

export interface KeysetRow {
  id: number;
  parent: number | null;
  sort: CursorValue;
}

function sortValue(raw: unknown): CursorValue {
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  return String(raw);
}

/**
 * The statement of a batch of pages, built once per list shape and viewer (server/common/loaders.ts
 * caches it): its text has a placeholder for everything that varies — the parents' ids, the page
 * size, the cursor, the filter's and the scope's values — so that it runs as a named prepared
 * statement, parsed once per connection and planned once PostgreSQL settles on a generic plan.
 */
export interface KeysetStatement {
  text: string;
  values: unknown[];
  /** Where the parents' ids go in `values`; -1 for a root list. */
  parentsAt: number;
  /** Written for exactly one parent, whose id (not an array) goes at `parentsAt`. */
  oneParent: boolean;
  /** The page-size class it reads (`pageSizeClass`): up to this many rows per parent, plus one. */
  limit: number;
  /** Where the cursor's sort value and id go in `values`; null for a page without a cursor. */
  cursorAt: [number, number] | null;
  /** Built for pages read backwards (`last`/`before`): the ORDER BY and the cursor's comparison. */
  backward: boolean;
  metadata: EntityMetadata;
  alias: string;
  columns: Columns;
  /** The references read beside each row (server/common/joins.ts); none when empty. */
  joins: readonly JoinQuery[];
}

/**
 * Stand for the parents' ids and the cursor while the statement is built: found again by identity
 * in its values. The cached statement holds none of a request's values, so one is kept per list
 * shape and page-size class, not per cursor (which a client sends at any length).
 */
const PARENTS: number[] = [];
const CURSOR_SORT: unknown[] = [];
const CURSOR_ID: unknown[] = [];

function placeOf(values: unknown[], placeholder: unknown[], what: string, alias: string): number {
  const at = values.indexOf(placeholder);
  if (at < 0) throw new Error(`page statement of ${alias}: the ${what} parameter is missing`);
  return at;
}

/**
 * The page sizes a page statement is written for; a page of n rows is read by the statement of
 * the smallest class of at least n, and the rows past n + 1 are dropped (`keysetRows`).
 */
const PAGE_SIZE_CLASSES = [1, 5, 10, 20, 50, MAX_PAGE_SIZE];

/**
 * The class of a page of `limit` rows. The page size is written into the statement's text, not
 * sent as a parameter: PostgreSQL's generic plan of a prepared statement takes an unknown
 * `LIMIT $n` for a tenth of the rows it limits, which made a joined page of 50 postings at scale
 * 625 look fifty times dearer than its custom plan, so every execution was planned anew (1.3 ms
 * against 0.7 ms with the generic plan it settles on once the limit is a constant).
 */
export function pageSizeClass(limit: number): number {
  return PAGE_SIZE_CLASSES.find((size) => size >= limit) ?? MAX_PAGE_SIZE;
}

/**
 * Pages one list per parent in one statement that returns the rows themselves, so the read scope
 * runs once per list level. Each parent's list is the root list's `ORDER BY … LIMIT n + 1`, run
 * per parent under `unnest(parents) CROSS JOIN LATERAL`: with a (parent, sort, id) index it stops
 * after n + 1 rows, and otherwise sorts one parent's rows, not all of them. (Measured against
 * `row_number() OVER (PARTITION BY parent …)` at 16 000 postings: as fast or faster for pages under
 * many parents, slower only for pages of ~100 under few parents.) Joining the rows back by id to
 * the window's result instead made the planner hash the whole table.
 * `parentColumn` is the column linking a row to its parent, null for a root list; `columns` the
 * columns to read (every one when null); `shape` whether pages are read backwards and from a
 * cursor (`keysetPlan`), whose values are left to `keysetRows`, and the page-size class.
 */
export function keysetStatement<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  alias: string,
  order: Ordering,
  shape: { backward: boolean; cursor: boolean; limit: number; oneParent?: boolean },
  parentColumn: string | null,
  columns: Columns,
  joins: readonly JoinQuery[] = [],
): KeysetStatement {
  const { backward } = shape;
  const keyset: KeysetPlan = {
    limit: 0,
    backward,
    cursor: shape.cursor ? [CURSOR_SORT as never, CURSOR_ID as never] : null,
  };
  const metadata = base.expressionMap.mainAlias!.metadata;
  const inner = base.clone();
  const dir = applyKeyset(inner, alias, order, keyset);
  if (parentColumn) inner.andWhere(`${parentColumn} = __parents.id`);
  // In parentheses, so TypeORM passes them through as expressions: written `alias.id`, it maps
  // each selection that names an entity column to that column again, and two of them on one
  // column (the list sorted by id) come out twice, making `__id` ambiguous outside.
  inner
    .select(innerColumns(metadata, alias, columns))
    .addSelect(`(${alias}.id)`, '__id')
    .addSelect(`(${order.column})`, '__sort')
    .orderBy(order.column, dir)
    .addOrderBy(`${alias}.id`, dir);
  // The class's page size and one more row, to tell whether a next page follows.
  const limited = `${inner.getQuery()} LIMIT ${shape.limit + 1}`;
  // One parent is given as one: PostgreSQL's generic plan takes an array parameter for ten
  // parents, finds it dearer than a plan for the one given, and so plans every execution anew.
  const oneParent = !!parentColumn && !!shape.oneParent;
  const parents = oneParent ? 'ARRAY[CAST(:__parents AS int)]' : 'CAST(:__parents AS int[])';
  const page = parentColumn
    ? `(SELECT __page.*, __parents.id AS __parent FROM unnest(${parents}) AS __parents(id)
        CROSS JOIN LATERAL (${limited}) __page)`
    : `(${limited})`;
  const outer = base.dataSource
    .createQueryBuilder<T>(base.expressionMap.mainAlias!.target, alias)
    .setParameters(inner.getParameters());
  // TypeORM hydrates entities only from its main alias, and has no public way to give that alias
  // a derived table; an alias with both metadata and a subquery is what its own
  // `…JoinAndMapOne(…, mapAsEntity)` builds, and the FROM clause renders the subquery.
  outer.expressionMap.mainAlias!.subQuery = page;
  if (columns) outer.select(columns.map((property) => `${alias}.${property}`));
  outer.addSelect(`${alias}.__id`, '__id').addSelect(`${alias}.__sort`, '__sort');
  if (parentColumn) {
    outer
      .addSelect(`${alias}.__parent`, '__parent')
      .orderBy(`${alias}.__parent`)
      .setParameter('__parents', PARENTS);
  }
  outer.addOrderBy(`${alias}.__sort`, dir).addOrderBy(`${alias}.id`, dir);
  const joined =
    joins.length > 0
      ? withJoins(
          base.dataSource,
          outer.getQuery(),
          outer.getParameters(),
          `${parentColumn ? `"${PAGE_ALIAS}"."__parent", ` : ''}"${PAGE_ALIAS}"."__sort" ${dir}, "${PAGE_ALIAS}"."__id" ${dir}`,
          joins,
        )
      : null;
  const [text, values] = joined ?? outer.getQueryAndParameters();
  return {
    text,
    values,
    parentsAt: parentColumn ? placeOf(values, PARENTS, 'parents', alias) : -1,
    oneParent,
    limit: shape.limit,
    cursorAt: shape.cursor
      ? [placeOf(values, CURSOR_SORT, 'cursor', alias), placeOf(values, CURSOR_ID, 'cursor', alias)]
      : null,
    backward,
    metadata,
    alias,
    columns,
    joins: joined ? joins : [],
  };
}

/**
 * Runs a page statement for the page `keyset` (of the statement's shape) and `parents` (null for
 * a root list). Returns the rows in page order with their entities, hydrated as `getMany()` does
 * (read on the pool: server/db/pool-read.ts).
 */
export async function keysetRows<T extends ObjectLiteral>(
  dataSource: DataSource,
  statement: KeysetStatement,
  keyset: KeysetPlan,
  parents: readonly number[] | null,
): Promise<{ rows: KeysetRow[]; nodes: T[]; joined: ObjectLiteral[][] }> {
  if (
    keyset.backward !== statement.backward ||
    !keyset.cursor !== !statement.cursorAt ||
    keyset.limit > statement.limit ||
    (statement.oneParent && parents?.length !== 1)
  )
    throw new Error(`page statement of ${statement.alias}: built for another shape of page`);
  if (keyset.limit === 0) return { rows: [], nodes: [], joined: statement.joins.map(() => []) };
  const values = [...statement.values];
  if (statement.parentsAt >= 0)
    values[statement.parentsAt] = statement.oneParent ? parents![0] : [...(parents ?? [])];
  if (statement.cursorAt && keyset.cursor) {
    values[statement.cursorAt[0]] = keyset.cursor[0];
    values[statement.cursorAt[1]] = keyset.cursor[1];
  }
  const read = await poolQuery<{ __id: number; __parent?: number; __sort: unknown }>(
    dataSource,
    statement.text,
    values,
    true,
  ).catch((error) => {
    // A well-formed cursor whose sort value does not fit the column (22xxx: data exception).
    if (keyset.cursor && /^22/.test(String((error as { code?: unknown }).code))) {
      throw badInput(
        {
          en: `${keyset.backward ? 'before' : 'after'} is not a valid cursor`,
          zh: `${keyset.backward ? 'before' : 'after'} 不是有效的分页游标`,
        },
        keyset.backward ? 'before' : 'after',
      );
    }
    throw error;
  });
  const raw = statement.limit > keyset.limit ? perParent(read, keyset.limit + 1) : read;
  // One entity per id: a row listed under two parents (a posting in two debriefs) is one entity.
  const hydrate = narrowHydrator<T>(
    dataSource,
    statement.metadata,
    statement.alias,
    statement.columns,
  );
  const byId = new Map<number, T>();
  for (const r of raw) if (!byId.has(r.__id)) byId.set(r.__id, hydrate(r));
  const rows = raw.map((r) => ({
    id: r.__id,
    parent: r.__parent ?? null,
    sort: sortValue(r.__sort),
  }));
  return {
    rows,
    nodes: rows.map((r) => byId.get(r.id)!),
    joined: joinedRows(dataSource, statement.joins, raw),
  };
}

/** The first `n` rows of each parent (rows come grouped by parent, in page order). */
function perParent<R extends { __parent?: number }>(rows: R[], n: number): R[] {
  const kept: R[] = [];
  let parent: number | undefined;
  let count = 0;
  for (const row of rows) {
    if (row.__parent !== parent || count === 0) {
      parent = row.__parent;
      count = 0;
    }
    if (count++ < n) kept.push(row);
  }
  return kept;
}

/**
 * The inner page's select list: every column, or only `columns` (by their quoted database names,
 * which TypeORM passes through as written) so that PostgreSQL does not carry the rest through the
 * sort and the lateral join.
 */
function innerColumns(metadata: EntityMetadata, alias: string, columns: Columns): string {
  if (!columns) return `${alias}.*`;
  const wanted = new Set(columns);
  return metadata.columns
    .filter((c) => wanted.has(c.propertyName))
    .map((c) => `"${alias}"."${c.databaseName}"`)
    .join(', ');
}

/** Turns the rows of one list (limit + 1 at most) and their nodes into a page. */
export function toPage<T>(
  rows: KeysetRow[],
  keyset: KeysetPlan,
  nodes: (T | null)[],
  totalCount: () => Promise<number>,
): Page<T> {
  const more = rows.length > keyset.limit;
  const kept = rows.slice(0, keyset.limit);
  const keptNodes = nodes.slice(0, keyset.limit);
  const edges: Edge<T>[] = [];
  kept.forEach((row, i) => {
    const node = keptNodes[i];
    if (node) edges.push({ cursor: encodeCursor(row.sort, row.id), node });
  });
  if (keyset.backward) edges.reverse();
  return {
    edges,
    pageInfo: {
      hasNextPage: keyset.backward ? keyset.cursor !== null : more,
      hasPreviousPage: keyset.backward ? more : keyset.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
