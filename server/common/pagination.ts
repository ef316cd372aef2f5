import { type ClassType, Field, Int, ObjectType, ArgsType, registerEnumType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from './errors';

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
  throw badInput(`${field} is not a valid cursor`, field);
}

export interface Ordering {
  /** SQL expression of the sort column, e.g. `p.start_date`; must be NOT NULL. */
  column: string;
  direction: OrderDirection;
}

interface KeysetPlan {
  limit: number;
  backward: boolean;
  cursor: [CursorValue, number] | null;
}

function plan(args: PageArgs): KeysetPlan {
  if (args.first != null && args.last != null)
    throw badInput('Pass either first or last, not both', 'first');
  if (args.after != null && args.before != null)
    throw badInput('Pass either after or before, not both', 'after');
  const backward = args.last != null || (args.before != null && args.first == null);
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  if (limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badInput(`Page size must be between 0 and ${MAX_PAGE_SIZE}`, backward ? 'last' : 'first');
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
 * Pages one list per parent in one statement: `row_number() OVER (PARTITION BY parent …)` keeps
 * the statement count independent of how many parents there are. With `parentColumn` null the
 * whole (already filtered and scoped) query is one list. Returns ids with their sort values.
 */
export async function keysetIds<T extends ObjectLiteral>(
  base: SelectQueryBuilder<T>,
  alias: string,
  order: Ordering,
  args: PageArgs,
  parentColumn: string | null,
): Promise<{ rows: KeysetRow[]; keyset: KeysetPlan }> {
  const keyset = plan(args);
  if (keyset.limit === 0) return { rows: [], keyset };
  const qb = base.clone();
  const dir = applyKeyset(qb, alias, order, keyset);
  const columns = (q: SelectQueryBuilder<T>) =>
    q
      .select(`${alias}.id`, 'id')
      .addSelect(parentColumn ?? 'NULL::int', 'parent')
      .addSelect(order.column, 'sort');
  let outer: SelectQueryBuilder<ObjectLiteral>;
  if (!parentColumn) {
    // One list: a plain ORDER BY … LIMIT walks the (sort, id) index and stops early.
    outer = columns(qb)
      .orderBy(order.column, dir)
      .addOrderBy(`${alias}.id`, dir)
      .limit(keyset.limit + 1) as unknown as SelectQueryBuilder<ObjectLiteral>;
  } else {
    // Many lists at once: number each parent's rows and keep the first limit + 1 of each.
    columns(qb).addSelect(
      `row_number() OVER (PARTITION BY ${parentColumn} ORDER BY ${order.column} ${dir}, ${alias}.id ${dir})`,
      'rn',
    );
    outer = qb.connection
      .createQueryBuilder()
      .select('ranked.id', 'id')
      .addSelect('ranked.parent', 'parent')
      .addSelect('ranked.sort', 'sort')
      .from(`(${qb.getQuery()})`, 'ranked')
      .where('ranked.rn <= :__limit', { __limit: keyset.limit + 1 })
      .orderBy('ranked.parent')
      .addOrderBy('ranked.rn')
      .setParameters(qb.getParameters());
  }
  const raw = await outer
    .getRawMany<{ id: number; parent: number | null; sort: unknown }>()
    .catch((error) => {
      // A well-formed cursor whose sort value does not fit the column (22xxx: data exception).
      if (keyset.cursor && /^22/.test(String((error as { code?: unknown }).code))) {
        throw badInput(
          `${keyset.backward ? 'before' : 'after'} is not a valid cursor`,
          keyset.backward ? 'before' : 'after',
        );
      }
      throw error;
    });
  return {
    rows: raw.map((r) => ({ id: r.id, parent: r.parent, sort: sortValue(r.sort) })),
    keyset,
  };
}

/** Turns the rows of one list (limit + 1 at most) into a page, fetching nodes by id. */
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
