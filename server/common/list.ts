import type { GraphQLResolveInfo } from 'graphql';
import { Field, InputType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Context } from '../context';
import type { ListQuery } from './loaders';
import type { NodeTypeName } from './module';
import { expectGlobalId } from './global-id';
import { LocalDate } from './scalars';
import { columnsKey, joinsKey, selectedColumns, selectedJoins } from './selection';
import { OrderDirection, type Ordering, type Page, type PageArgs } from './pagination';

/** Applies a DateRange filter to a date column. */
export function inDateRange<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  range: DateRange | null | undefined,
  name: string,
): void {
  if (range?.from) qb.andWhere(`${column} >= :${name}From`, { [`${name}From`]: range.from });
  if (range?.to) qb.andWhere(`${column} <= :${name}To`, { [`${name}To`]: range.to });
}

/**
 * `column` is any of `values`. One value is written as `column = :name`, not `= ANY(…)`: PostgreSQL
 * 15 takes `status = ANY('{ACTIVE}')` for a set, so a `(status, start_date, id)` index can no longer
 * give the rows in `start_date` order, and the list walks the `(start_date, id)` index instead,
 * filtering out every other status (44 000 rows for 51 ACTIVE postings at scale 625).
 */
export function anyOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  name: string,
  values: readonly unknown[],
): void {
  if (values.length === 1) qb.andWhere(`${column} = :${name}`, { [name]: values[0] });
  else qb.andWhere(`${column} = ANY(:${name})`, { [name]: values });
}

/** Sort order of a list: a field of the list's `…OrderField` enum and a direction. */
export interface OrderInput<F extends string> {
  field: F;
  direction: OrderDirection;
}

export type Where<T extends ObjectLiteral> = (qb: SelectQueryBuilder<T>, alias: string) => void;

/**
 * A sort key that is not a bare column, as SQL over the list's alias: e.g. names in pinyin order
 * (`name COLLATE guazhi_pinyin`) or usernames regardless of case. NOT NULL, like columns.
 */
export type OrderExpression = (alias: string) => string;

/** A text column in pinyin order (the `guazhi_pinyin` ICU collation), as Chinese lists are sorted. */
export const pinyinOrder =
  (column: string): OrderExpression =>
  (alias) =>
    `${alias}.${column} COLLATE guazhi_pinyin`;

export interface ListRequest<T extends ObjectLiteral, F extends string> {
  type: NodeTypeName;
  args: PageArgs & { orderBy?: OrderInput<F> | null };
  /** Column per order field, e.g. `{ START_DATE: 'start_date' }`; every one NOT NULL. */
  columns: Record<F, string | OrderExpression>;
  defaultOrder: OrderInput<F>;
  where?: Where<T>;
  /** Serialisable form of the filter, so equal lists share one batch. */
  filterKey?: unknown;
  parent?: { column: string; id: number };
  /**
   * `totalCount` from a figure the service keeps (a tally) instead of counting the rows: only for
   * a root list whose rows that figure counts exactly, for this viewer and filter.
   */
  count?: () => Promise<number>;
}

/**
 * Pages a list through the request's loaders: the viewer's policy, the filter and the cursor are
 * applied in SQL, and sibling lists under many parents become one statement.
 */
export function loadList<T extends ObjectLiteral, F extends string>(
  ctx: Context,
  req: ListRequest<T, F>,
): Promise<Page<T>> {
  const alias = ctx.registry.nodes[req.type].alias;
  const orderBy = req.args.orderBy ?? req.defaultOrder;
  const sortKey = req.columns[orderBy.field];
  const order: Ordering = {
    column: typeof sortKey === 'function' ? sortKey(alias) : `${alias}.${sortKey}`,
    direction: orderBy.direction,
  };
  const { first, last, after, before } = req.args;
  const column = req.parent?.column;
  const parentColumn = column ? (column.includes('.') ? column : `${alias}.${column}`) : null;
  const statementKey = JSON.stringify([
    req.type,
    parentColumn,
    order,
    req.filterKey ?? null,
    columnsKey(req.args.select ?? null),
    joinsKey(req.args.joins),
  ]);
  const list: ListQuery<T> = {
    type: req.type,
    where: req.where,
    order,
    args: { first, last, after, before },
    parentColumn,
    columns: req.args.select,
    joins: req.args.joins,
    statementKey,
    key: JSON.stringify([statementKey, first, last, after, before]),
  };
  const page = ctx.loaders.page(list, req.parent?.id ?? null);
  const count = req.count;
  return count ? page.then((p) => ({ ...p, totalCount: count })) : page;
}

/**
 * A connection's arguments with the columns its selection needs (`PageArgs.select`), so that the
 * page reads only those, and the references it follows (`PageArgs.joins`), so that the page reads
 * those rows too: `service.list(ctx, selecting(ctx, info, 'Posting', args))`.
 */
export function selecting<A extends PageArgs>(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: NodeTypeName,
  args: A,
): A {
  return {
    ...args,
    select: selectedColumns(ctx, info, type, 'connection'),
    joins: selectedJoins(ctx, info, type),
  };
}

/** Decodes an optional list of global IDs of one type from a filter. */
export function idsOf(
  ids: string[] | null | undefined,
  typeName: string,
  field: string,
): number[] | undefined {
  return ids?.map((id) => expectGlobalId(id, typeName, field));
}

@InputType({ description: 'A closed range of calendar dates; either end may be left open.' })
export class DateRange {
  @Field(() => LocalDate, { nullable: true, description: 'First day included (YYYY-MM-DD).' })
  from?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day included (YYYY-MM-DD).' })
  to?: string;
}

/** Builds the `XOrder` input (field + direction) for a list's order-field enum. */
export function orderInputType<F extends string>(name: string, fieldEnum: object) {
  @InputType(`${name}Order`, { description: `Sort order of ${name} lists.` })
  class Order implements OrderInput<F> {
    @Field(() => fieldEnum, { description: 'Field to sort by.' })
    field!: F;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
    direction!: OrderDirection;
  }
  return Order;
}
