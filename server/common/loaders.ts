import DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Viewer } from './viewer';
import { narrowHydrator, poolQuery } from '../db/pool-read';
import { BoundedCache } from './bounded-cache';
import type { NodeSpec, NodeTypeName, NodeTypes, Registry } from './module';
import {
  keysetPlan,
  keysetRows,
  keysetStatement,
  pageSizeClass,
  toPage,
  type KeysetPlan,
  type KeysetStatement,
  type Ordering,
  type Page,
  type PageArgs,
} from './pagination';
import { joinQueries } from './joins';
import { columnsKey, type Columns, type Join } from './selection';

/** Everything a type can be loaded by: its table, its alias in SQL and its policy's read scope. */
export type Readable<T extends ObjectLiteral> = NodeSpec<T>;

/** A list under a parent (or the root list when `parentColumn` is null), paged by keyset. */
export interface ListQuery<T extends ObjectLiteral> {
  type: NodeTypeName;
  /** Extra conditions (filters) on the list's alias. */
  where?: (qb: import('typeorm').SelectQueryBuilder<T>, alias: string) => void;
  order: Ordering;
  args: PageArgs;
  /** Column (on the list's alias) linking a row to its parent. */
  parentColumn: string | null;
  /** Identifies the list's shape for batching: same key, same SQL apart from the parent ids. */
  key: string;
  /**
   * `key` without the page arguments (page size, cursor): the same statement serves every page
   * of the list (server/common/pagination.ts `keysetStatement`). `key` when absent.
   */
  statementKey?: string;
  /** The columns to read (server/common/selection.ts); every column when absent. */
  columns?: Columns;
  /** References read with the page (server/common/joins.ts); part of `statementKey`. */
  joins?: readonly Join[];
}

export type ByIdLoaders = { [K in NodeTypeName]: DataLoader<number, NodeTypes[K] | null> };

/** One set per request (STYLE rule 5): by-id loaders per type, and batched pages of child lists. */
export interface Loaders extends ByIdLoaders {
  /**
   * The by-id loader of `type` reading only `columns` (null: the whole-row loader). Its rows
   * never reach the whole-row loaders, which policies and mutations read.
   */
  narrow<K extends NodeTypeName>(
    type: K,
    columns: Columns,
  ): DataLoader<number, NodeTypes[K] | null>;
  page<T extends ObjectLiteral>(list: ListQuery<T>, parentId: number | null): Promise<Page<T>>;
  /**
   * Forgets every row and page read so far: called when a mutation commits, so that what the
   * request reads after a write (the payload, a later mutation of the same operation) sees it.
   */
  clearAll(): void;
}

/** Who the loaders read for; shared by the request's context and its copies (Apollo clones it). */
export interface Session {
  viewer: Viewer | null;
}

interface LoaderContext {
  dataSource: DataSource;
  nodes: Registry['nodes'];
  session: Session;
  loaders: Loaders;
  /** Rows read so far in the request, by type and id, with the columns each was read with. */
  read: Map<NodeTypeName, Map<number, ReadRow>>;
}

interface ReadRow {
  /** Null: every column. */
  columns: ReadonlySet<string> | null;
  entity: ObjectLiteral;
}

/** Notes rows read through the viewer's scope, so that narrower reads of them need no query. */
function remember(
  ctx: LoaderContext,
  type: NodeTypeName,
  columns: Columns,
  entities: readonly (ObjectLiteral | null)[],
): void {
  let byId = ctx.read.get(type);
  if (!byId) ctx.read.set(type, (byId = new Map()));
  const set = columns ? new Set(columns) : null;
  for (const entity of entities) {
    if (!entity) continue;
    const known = byId.get(entity.id as number);
    // Keep the wider of two reads of one row.
    if (!known || (known.columns && (!set || set.size > known.columns.size)))
      byId.set(entity.id as number, { columns: set, entity });
  }
}

/** A row of `type` read earlier in the request with at least `columns` (null: every one), if any. */
function recall(
  ctx: LoaderContext,
  type: NodeTypeName,
  id: number,
  columns: Columns,
): ObjectLiteral | undefined {
  const known = ctx.read.get(type)?.get(id);
  if (!known) return undefined;
  const had = known.columns;
  return !had || (columns && columns.every((c) => had.has(c))) ? known.entity : undefined;
}

/**
 * A by-id batch of `columns` (null: whole rows): the rows a page, a join or a wider read of this
 * request already returned are taken from there (the same scope read them), the rest read with
 * one statement.
 */
async function loadNarrow(
  ctx: LoaderContext,
  type: NodeTypeName,
  ids: readonly number[],
  columns: Columns,
): Promise<(ObjectLiteral | null)[]> {
  const found = ids.map((id) => recall(ctx, type, id, columns));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length === 0) return found as ObjectLiteral[];
  const loaded = await loadByIds(ctx, ctx.nodes[type] as Readable<ObjectLiteral>, missing, columns);
  remember(ctx, type, columns, loaded);
  const byId = new Map(missing.map((id, i) => [id, loaded[i]]));
  return ids.map((id, i) => found[i] ?? byId.get(id) ?? null);
}

/** `nodes`: the node types of every module (the registry's), each read through its scope. */
export function createLoaders(
  dataSource: DataSource,
  session: Session,
  nodes: Registry['nodes'],
): Loaders {
  const ctx = { dataSource, session, nodes, read: new Map() } as LoaderContext;
  const byId = {} as Record<NodeTypeName, DataLoader<number, ObjectLiteral | null>>;
  for (const name of Object.keys(nodes) as NodeTypeName[]) {
    byId[name] = new DataLoader((ids) => loadNarrow(ctx, name, ids, null));
  }
  const narrowLoaders = new Map<string, DataLoader<number, ObjectLiteral | null>>();

  function narrow<K extends NodeTypeName>(type: K, columns: Columns) {
    if (!columns) return byId[type] as unknown as DataLoader<number, NodeTypes[K] | null>;
    const key = `${type}|${columnsKey(columns)}`;
    let loader = narrowLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((ids) => loadNarrow(ctx, type, ids, columns));
      narrowLoaders.set(key, loader);
    }
    return loader as unknown as DataLoader<number, NodeTypes[K] | null>;
  }
  const pageLoaders = new Map<string, DataLoader<number, Page<ObjectLiteral>>>();
  const countLoaders = new Map<string, DataLoader<number, number>>();

  function page<T extends ObjectLiteral>(
    list: ListQuery<T>,
    parentId: number | null,
  ): Promise<Page<T>> {
    let counts = countLoaders.get(list.key);
    if (!counts) {
      counts = new DataLoader((parents) => loadCounts(ctx, list, parents));
      countLoaders.set(list.key, counts);
    }
    let pages = pageLoaders.get(list.key);
    if (!pages) {
      const countsOfList = counts;
      pages = new DataLoader((parents) => loadPages(ctx, list, parents, countsOfList));
      pageLoaders.set(list.key, pages);
    }
    return pages.load(parentId ?? 0) as Promise<Page<T>>;
  }

  function clearAll(): void {
    for (const loader of Object.values(byId)) loader.clearAll();
    narrowLoaders.clear();
    ctx.read.clear();
    pageLoaders.clear();
    countLoaders.clear();
  }

  ctx.loaders = { ...(byId as unknown as ByIdLoaders), narrow, page, clearAll };
  return ctx.loaders;
}

function scoped<T extends ObjectLiteral>(
  ctx: LoaderContext,
  spec: Readable<T>,
  alias = spec.alias,
): SelectQueryBuilder<T> {
  const qb = ctx.dataSource.getRepository(spec.entity).createQueryBuilder(alias);
  const viewer = ctx.session.viewer;
  if (!viewer) qb.andWhere('FALSE');
  else spec.scope(qb as SelectQueryBuilder<ObjectLiteral>, alias, viewer);
  return qb;
}

/**
 * One `WHERE id = ANY($1)` per batch (`id = $1` for one id), in key order; rows outside the
 * viewer's scope load as null.
 * The statement is built once per type and viewer (its text depends on the viewer's role, its
 * parameters on who they are) and runs prepared on the pool: building it was a third of a
 * by-id load's CPU.
 */
async function loadByIds<T extends ObjectLiteral>(
  ctx: LoaderContext,
  spec: Readable<T>,
  ids: readonly number[],
  columns: Columns,
): Promise<(T | null)[]> {
  const one = ids.length === 1;
  const statement = byIdStatement(ctx, spec, columns, one);
  const values = [...statement.values];
  values[statement.idsAt] = one ? ids[0] : [...ids];
  const raw = await poolQuery(ctx.dataSource, statement.text, values, true);
  const metadata = ctx.dataSource.getMetadata(spec.entity);
  const hydrate = narrowHydrator<T>(ctx.dataSource, metadata, spec.alias, columns);
  const byId = new Map<number, T>();
  for (const row of raw) {
    const entity = hydrate(row);
    byId.set(entity.id as number, entity);
  }
  return ids.map((id) => byId.get(id) ?? null);
}

interface ByIdStatement {
  text: string;
  values: unknown[];
  /** Where the ids go in `values`. */
  idsAt: number;
}

/** Everything a read scope may read of the viewer (server/common/scope.ts): role, unit, cadre, user. */
function viewerKey(ctx: LoaderContext): string {
  const viewer = ctx.session.viewer;
  return viewer
    ? `${viewer.role}|${viewer.unitId}|${viewer.cadreId}|${viewer.userId}|${viewer.apiKeyId}`
    : '-';
}

/** Statements of by-id loads per type and viewer; bounded, as viewers are many. */
const byIdStatements = new BoundedCache<string, ByIdStatement>(5000);

/** Stands for the ids while the statement is built: found again by identity in its values. */
const IDS: number[] = [];

function byIdStatement<T extends ObjectLiteral>(
  ctx: LoaderContext,
  spec: Readable<T>,
  columns: Columns,
  one: boolean,
): ByIdStatement {
  const key = `${spec.alias}|${one}|${viewerKey(ctx)}|${columnsKey(columns)}`;
  let statement = byIdStatements.get(key);
  if (!statement) {
    const qb = scoped(ctx, spec);
    if (columns) qb.select(columns.map((property) => `${spec.alias}.${property}`));
    // One id is compared as one: PostgreSQL's generic plan takes an array parameter for ten
    // elements, finds it dearer than a plan for the one given, and so plans every execution anew.
    const [text, values] = qb
      .andWhere(one ? `${spec.alias}.id = :__ids` : `${spec.alias}.id = ANY(:__ids)`, {
        __ids: IDS,
      })
      .getQueryAndParameters();
    const idsAt = values.indexOf(IDS);
    if (idsAt < 0)
      throw new Error(`by-id statement of ${spec.alias}: the ids parameter is missing`);
    statement = { text, values, idsAt };
    byIdStatements.set(key, statement);
  }
  return statement;
}

/**
 * Page statements per list and viewer: a list's statement key holds everything its statement is
 * built from (type, parent column, order, filter, columns), the page's shape whether it reads
 * backwards and from a cursor, the viewer what its read scope adds. Building one through TypeORM
 * cost more CPU than PostgreSQL spends running it.
 */
const pageStatements = new BoundedCache<string, KeysetStatement>(5000);

/**
 * Longer keys (filters of thousands of ids) are not kept: the statement holds the filter's
 * values too, and 5000 of a request's size (up to 1 MB) would be gigabytes.
 */
const MAX_CACHED_KEY = 4096;

/** How many page statements are cached (tests: what a client can make the process keep). */
export function cachedPageStatements(): number {
  return pageStatements.size;
}

function pageStatement<T extends ObjectLiteral>(
  ctx: LoaderContext,
  list: ListQuery<T>,
  keyset: KeysetPlan,
  parentCount: number,
): KeysetStatement {
  const shape = {
    backward: keyset.backward,
    cursor: keyset.cursor !== null,
    limit: pageSizeClass(keyset.limit),
    oneParent: list.parentColumn !== null && parentCount === 1,
  };
  const key = `${list.statementKey ?? list.key}|${shape.backward}|${shape.cursor}|${shape.limit}|${shape.oneParent}|${viewerKey(ctx)}`;
  let statement = pageStatements.get(key);
  if (!statement) {
    const { qb, spec } = listQuery(ctx, list);
    const joins = list.joins?.length
      ? joinQueries(
          ctx.dataSource,
          (type, alias) => scoped(ctx, ctx.nodes[type] as Readable<ObjectLiteral>, alias),
          spec.alias,
          ctx.dataSource.getMetadata(spec.entity),
          list.joins,
        )
      : [];
    statement = keysetStatement(
      qb,
      spec.alias,
      list.order,
      shape,
      list.parentColumn,
      list.columns ?? null,
      joins,
    );
    if (key.length <= MAX_CACHED_KEY) pageStatements.set(key, statement);
  }
  return statement;
}

/** The list's rows the viewer may read, filtered; not yet narrowed to its parents. */
function listQuery<T extends ObjectLiteral>(ctx: LoaderContext, list: ListQuery<T>) {
  const spec = ctx.nodes[list.type] as unknown as Readable<T>;
  const qb = scoped(ctx, spec);
  list.where?.(qb, spec.alias);
  return { qb, spec };
}

/** The pages of many parents' lists in one statement that also returns the rows. */
async function loadPages<T extends ObjectLiteral>(
  ctx: LoaderContext,
  list: ListQuery<T>,
  parents: readonly number[],
  counts: DataLoader<number, number>,
): Promise<Page<T>[]> {
  const keyset = keysetPlan(list.args);
  const statement = pageStatement(ctx, list, keyset, parents.length);
  const { columns } = statement;
  const { rows, nodes, joined } = await keysetRows<T>(
    ctx.dataSource,
    statement,
    keyset,
    list.parentColumn ? parents : null,
  );
  // The rows passed the same read scope the by-id loader applies: a later lookup of the same
  // columns needs no query.
  const loader = ctx.loaders.narrow(list.type, columns) as unknown as DataLoader<number, T | null>;
  remember(ctx, list.type, columns, nodes);
  // The references read with the page, through their own types' scopes: their fields' loaders
  // find them here (`loadNarrow`).
  statement.joins.forEach((join, i) => remember(ctx, join.type, join.columns, joined[i]));
  const byParent = new Map<number | null, number[]>();
  rows.forEach((row, i) => {
    loader.prime(row.id, nodes[i]);
    const mine = byParent.get(row.parent);
    if (mine) mine.push(i);
    else byParent.set(row.parent, [i]);
  });
  return parents.map((parent) => {
    const mine = byParent.get(list.parentColumn ? parent : null) ?? [];
    return toPage(
      mine.map((i) => rows[i]),
      keyset,
      mine.map((i) => nodes[i]),
      () => counts.load(parent),
    );
  });
}

/** `totalCount` for many parents in one `GROUP BY`. */
async function loadCounts<T extends ObjectLiteral>(
  ctx: LoaderContext,
  list: ListQuery<T>,
  parents: readonly number[],
): Promise<number[]> {
  const { qb } = listQuery(ctx, list);
  if (!list.parentColumn) return [await qb.getCount()];
  const raw = await qb
    .andWhere(`${list.parentColumn} = ANY(:__parents)`, { __parents: [...parents] })
    .select(list.parentColumn, 'parent')
    .addSelect('count(*)::int', 'count')
    .groupBy(list.parentColumn)
    .getRawMany<{ parent: number; count: number }>();
  const byParent = new Map(raw.map((r) => [r.parent, r.count]));
  return parents.map((p) => byParent.get(p) ?? 0);
}
