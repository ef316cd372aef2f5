import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { EntityMetadata } from 'typeorm';
import type { Context } from '../context';
import type { NodeTypeName } from './module';

/**
 * The columns a read fetches, as entity property names in a stable order, or `null` for every
 * column. Narrow reads are what issue 12's "loaders select only the columns the selection needs"
 * asks for: the dashboard list read 21 columns of each posting and cadre to show four, and
 * parsing, hydrating and collecting them was a third of its CPU.
 */
export type Columns = readonly string[] | null;

const keys = new WeakMap<readonly string[], string>();

/** A key for `columns` in batch keys and statement caches. */
export function columnsKey(columns: Columns): string {
  if (!columns) return '*';
  let key = keys.get(columns);
  if (key === undefined) keys.set(columns, (key = columns.join(',')));
  return key;
}

/**
 * What a narrow read always fetches besides the fields asked for: the id, and every foreign key
 * (relation fields and nested lists follow them, and read scopes and field rules compare them
 * with the viewer's). A field resolver that reads any other column names it in its type's
 * `reads` (server/common/module.ts `NodeSpec.reads`); in tests, reading a column that was not
 * fetched throws (server/db/pool-read.ts), so a missing declaration fails loudly.
 */
function alwaysRead(metadata: EntityMetadata): string[] {
  return metadata.columns
    .filter(
      (c) => !c.isVirtual && (c.isPrimary || c.relationMetadata || /Id$/.test(c.propertyName)),
    )
    .map((c) => c.propertyName);
}

/**
 * GraphQL field name → entity property: a column's own name, or a field of the entity class (or its
 * bases) declared under another name in type-graphql's metadata.
 */
const fieldProperties = new WeakMap<EntityMetadata, Map<string, string>>();

function propertyOfField(metadata: EntityMetadata): Map<string, string> {
  let known = fieldProperties.get(metadata);
  if (known) return known;
  const columns = new Set(metadata.columns.map((c) => c.propertyName));
  // A field resolver named after a column (e.g. a guarded `birthDate`) reads that column.
  known = new Map([...columns].map((property) => [property, property]));
  const classes = new Set<unknown>();
  for (let c = metadata.target as unknown; typeof c === 'function'; c = Object.getPrototypeOf(c))
    classes.add(c);
  for (const field of getMetadataStorage().fields)
    if (classes.has(field.target) && columns.has(field.name))
      known.set(field.schemaName, field.name);
  fieldProperties.set(metadata, known);
  return known;
}

/** Where the node type's fields are under the field being resolved. */
export type SelectionShape = 'node' | 'connection';

/**
 * Selections computed so far, per field nodes (the same array for every row of a list, and for
 * every request of a cached document), type and shape.
 */
const computed = new WeakMap<readonly FieldNode[], Map<string, Columns>>();

/**
 * The columns of `type` that the field being resolved needs: the fields selected on the node
 * (through fragments; under `nodes` and `edges.node` for a connection), mapped to columns, plus
 * `alwaysRead` and the type's declared `reads`. Over-fetching is always safe, so `@skip`/
 * `@include` are not evaluated and a fragment on another type is read as if it applied.
 */
export function selectedColumns(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: NodeTypeName,
  shape: SelectionShape,
): Columns {
  let byType = computed.get(info.fieldNodes);
  const cacheKey = `${type}|${shape}`;
  const cached = byType?.get(cacheKey);
  if (cached !== undefined) return cached;
  const columns = columnsOf(ctx, type, nodeSetsOf(info, shape), info.fragments);
  if (!byType) computed.set(info.fieldNodes, (byType = new Map()));
  byType.set(cacheKey, columns);
  return columns;
}

/** The selection sets of the node type's fields under the field being resolved. */
function nodeSetsOf(info: GraphQLResolveInfo, shape: SelectionShape): SelectionSetNode[] {
  const sets = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  return shape === 'node'
    ? sets
    : [
        ...childSets(sets, 'nodes', info.fragments),
        ...childSets(childSets(sets, 'edges', info.fragments), 'node', info.fragments),
      ];
}

/** The columns of `type` that the fields selected in `nodeSets` need (see `selectedColumns`). */
function columnsOf(
  ctx: Context,
  type: NodeTypeName,
  nodeSets: readonly SelectionSetNode[],
  fragments: Fragments,
): Columns {
  const spec = ctx.registry.nodes[type];
  const metadata = ctx.dataSource.getMetadata(spec.entity);
  const names = new Set<string>();
  for (const set of nodeSets) collectNames(set, fragments, names);
  const properties = propertyOfField(metadata);
  const reads: Readonly<Record<string, readonly string[]>> = spec.reads ?? {};
  const wanted = new Set(alwaysRead(metadata));
  for (const name of names) {
    const property = properties.get(name);
    if (property) wanted.add(property);
    for (const extra of reads[name] ?? []) wanted.add(extra);
  }
  const order = metadata.columns.map((c) => c.propertyName);
  return wanted.size >= order.length ? null : order.filter((p) => wanted.has(p));
}

/**
 * A row a page reads in its own statement besides its own: the row a to-one field of the listed
 * type (or of a row joined before it) points at (`NodeSpec.references`), with the columns that
 * field's selection needs.
 */
export interface Join {
  /** The join whose row holds the foreign key (its index in the list), or -1 for the page's row. */
  from: number;
  /** The foreign key's entity property on that row, e.g. `cadreId`. */
  column: string;
  type: NodeTypeName;
  columns: Columns;
}

/**
 * How deep joins follow references: the page's row's references and theirs (a posting's cadre
 * and the cadre's home unit). Deeper ones are read by their loaders, as before.
 */
const MAX_JOIN_DEPTH = 2;

const computedJoins = new WeakMap<readonly FieldNode[], Map<string, readonly Join[]>>();

const joinKeys = new WeakMap<readonly Join[], string>();

/**
 * A key for `joins` in batch keys and statement caches; kept per array, as `selectedJoins` gives
 * every row of a list the same one (a nested list's resolver runs once per parent row).
 */
export function joinsKey(joins: readonly Join[] | undefined): string {
  if (!joins?.length) return '';
  let key = joinKeys.get(joins);
  if (key === undefined) {
    key = joins.map((j) => `${j.from}.${j.column}:${j.type}(${columnsKey(j.columns)})`).join(';');
    joinKeys.set(joins, key);
  }
  return key;
}

/**
 * The rows a page of `type` under the field being resolved can read with it: each reference of
 * `type` selected on its nodes (`shape` as for `selectedColumns`; by field name, so every alias of
 * it is served by one read of the columns they need together), and theirs, to MAX_JOIN_DEPTH.
 */
export function selectedJoins(
  ctx: Context,
  info: GraphQLResolveInfo,
  type: NodeTypeName,
  shape: SelectionShape = 'connection',
): readonly Join[] {
  let byType = computedJoins.get(info.fieldNodes);
  const cacheKey = `${type}|${shape}`;
  const cached = byType?.get(cacheKey);
  if (cached !== undefined) return cached;
  const joins: Join[] = [];
  const follow = (from: number, of: NodeTypeName, sets: SelectionSetNode[], depth: number) => {
    const references = ctx.registry.nodes[of].references ?? {};
    for (const [field, reference] of Object.entries(references)) {
      const fieldSets = childSets(sets, field, info.fragments);
      if (fieldSets.length === 0) continue;
      joins.push({
        from,
        column: reference.column,
        type: reference.type,
        columns: columnsOf(ctx, reference.type, fieldSets, info.fragments),
      });
      if (depth < MAX_JOIN_DEPTH) follow(joins.length - 1, reference.type, fieldSets, depth + 1);
    }
  };
  follow(-1, type, nodeSetsOf(info, shape), 1);
  if (!byType) computedJoins.set(info.fieldNodes, (byType = new Map()));
  byType.set(cacheKey, joins);
  return joins;
}

type Fragments = Record<string, FragmentDefinitionNode>;

/** The field names selected in `set`, fragments spread. */
function collectNames(set: SelectionSetNode, fragments: Fragments, into: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      collectNames(selection.selectionSet, fragments, into);
    else {
      const fragment = fragments[selection.name.value];
      if (fragment) collectNames(fragment.selectionSet, fragments, into);
    }
  }
}

/** The selection sets of the fields named `name` in `sets`, fragments spread. */
function childSets(
  sets: readonly SelectionSetNode[],
  name: string,
  fragments: Fragments,
): SelectionSetNode[] {
  const found: SelectionSetNode[] = [];
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name && selection.selectionSet)
          found.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return found;
}
