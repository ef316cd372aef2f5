import type { Driver } from 'typeorm/driver/Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type {
  DeepPartial,
  EntityManager,
  EntityMetadata,
  EntityTarget,
  ObjectLiteral,
} from 'typeorm';
import { requireViewer, type TxContext } from '../context';
import { notFound } from './errors';
import { expectGlobalId } from './global-id';
import type { AuditActionOn, NodeSpec, NodeTypeName, NodeTypes } from './module';
import { refuse } from './mutation';
import { CommonErrorCode } from './user-error';

/**
 * The write kernel: every mutation writes its records through `records`, inside `runMutation`,
 * so that each change is locked, checked against the record's lifecycle and version, saved and
 * audited the same way and in the mutation's transaction:
 *
 *   lock → lifecycle step → version check → snapshot → change → new state, version + 1 → save → audit
 *
 * `lockMany`, `createMany` and `changeMany` are the same steps for many records at once (an
 * import's chunk): one statement per step instead of one per record, one audit entry per record.
 */
export const records = { lock, lockMany, create, createMany, update, change, changeMany };

/** A record by its row id, or by a global ID from the input (refused as that input `field`). */
export type RecordRef = number | { globalId: string; field: string };

interface Versioned {
  version: number;
}

export interface WriteOptions<K extends NodeTypeName> {
  /** What the audit trail records; only actions the record's module declares compile. */
  action: AuditActionOn<K>;
  /** Why, in the client's words; kept with the audit entry. */
  reason?: string | null;
  /** What the trail keeps of the record, when not all of it (secrets are always dropped). */
  trail?: (record: NodeTypes[K]) => object;
}

export interface ChangeOptions<K extends NodeTypeName> extends WriteOptions<K> {
  /** The version the client read, where the mutation takes one (optimistic locking). */
  expectedVersion?: NodeTypes[K] extends Versioned ? number | null : never;
  /** False where the value before says nothing (a counter that only counts up). */
  trailBefore?: boolean;
}

type Change<K extends NodeTypeName> = (record: NodeTypes[K]) => void | Promise<void>;

/**
 * Locks a record for a mutation (SELECT … FOR UPDATE in the mutation's transaction), through the
 * viewer's read scope: a record the viewer may not read is NOT_FOUND, exactly like a missing one.
 * Write rules beyond reading are each service's to check. `share` (FOR SHARE) is for rows that
 * are only referenced, so that they cannot change underneath without blocking other readers.
 */
async function lock<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  ref: RecordRef,
  mode: 'update' | 'share' = 'update',
): Promise<NodeTypes[K]> {
  const id = typeof ref === 'number' ? ref : expectGlobalId(ref.globalId, type, ref.field);
  const spec = ctx.registry.nodes[type] as NodeSpec<ObjectLiteral>;
  const qb = ctx.tx
    .getRepository(spec.entity)
    .createQueryBuilder(spec.alias)
    .setLock(mode === 'update' ? 'pessimistic_write' : 'pessimistic_read')
    .where(`${spec.alias}.id = :id`, { id });
  spec.scope(qb, spec.alias, requireViewer(ctx));
  const row = await qb.getOne();
  if (!row) throw notFound(type);
  // The request's loaders may hold the row as it was; the payload must show it as it is.
  ctx.loaders[type].clear(id);
  return row as NodeTypes[K];
}

/**
 * `lock` for many records at once, in id order (two writers locking overlapping sets queue rather
 * than deadlock). Records the viewer may not read are left out: the caller compares what came back
 * with what it asked for.
 */
async function lockMany<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  ids: readonly number[],
  mode: 'update' | 'share' = 'update',
): Promise<NodeTypes[K][]> {
  if (ids.length === 0) return [];
  const spec = ctx.registry.nodes[type] as NodeSpec<ObjectLiteral>;
  const qb = ctx.tx
    .getRepository(spec.entity)
    .createQueryBuilder(spec.alias)
    .setLock(mode === 'update' ? 'pessimistic_write' : 'pessimistic_read')
    .where(`${spec.alias}.id = ANY(:ids)`, { ids: [...new Set(ids)] })
    .orderBy(`${spec.alias}.id`);
  spec.scope(qb, spec.alias, requireViewer(ctx));
  const rows = (await qb.getMany()) as NodeTypes[K][];
  for (const row of rows) ctx.loaders[type].clear(idOf(row));
  return rows;
}

/** Inserts a record in its lifecycle's first state and audits it. */
async function create<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  values: DeepPartial<NodeTypes[K]>,
  options: WriteOptions<K>,
): Promise<NodeTypes[K]> {
  expectDeclared(ctx, type, options.action);
  const { entity } = ctx.registry.nodes[type] as NodeSpec<NodeTypes[K]>;
  const record = ctx.tx.create(entity, { ...values, ...stamps(ctx, null) } as typeof values);
  const lifecycle = ctx.registry.lifecycles.get(type);
  if (lifecycle) enter(lifecycle, record, lifecycle.machine.initial);
  const saved = await ctx.tx.save(record);
  await ctx.registry.auditTrail.record(ctx, {
    action: options.action,
    entity: type,
    entityId: idOf(saved),
    after: (options.trail ?? whole)(saved),
    reason: options.reason,
  });
  return saved;
}

/** One record of a `createMany`: its values, and the reason its audit entry keeps. */
export interface NewRecord<K extends NodeTypeName> {
  values: DeepPartial<NodeTypes[K]>;
  reason?: string | null;
}

/**
 * `create` for many records: one multi-row INSERT (the database's defaults and ids read back into
 * the records, as `save` does) and one audit entry per record, inserted together. Nothing is
 * checked here that `create` does not check: the caller has checked each record by its rules.
 */
async function createMany<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  items: readonly NewRecord<K>[],
  options: Omit<WriteOptions<K>, 'reason'>,
): Promise<NodeTypes[K][]> {
  expectDeclared(ctx, type, options.action);
  if (items.length === 0) return [];
  const { entity } = ctx.registry.nodes[type] as NodeSpec<NodeTypes[K]>;
  const lifecycle = ctx.registry.lifecycles.get(type);
  const created = items.map((item) => {
    const record = ctx.tx.create(entity, item.values);
    if (lifecycle) enter(lifecycle, record, lifecycle.machine.initial);
    return record;
  });
  await insertRows(ctx.tx, entity as EntityTarget<ObjectLiteral>, created as ObjectLiteral[]);
  const keep = options.trail ?? whole;
  await ctx.registry.auditTrail.recordMany(
    ctx,
    created.map((saved, i) => ({
      action: options.action,
      entity: type,
      entityId: idOf(saved),
      after: keep(saved),
      reason: items[i].reason,
    })),
  );
  return created;
}

/** Locks a record (FOR UPDATE, so concurrent changes queue) and changes it: see `change`. */
async function update<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  ref: RecordRef,
  options: ChangeOptions<K>,
  apply?: Change<K>,
): Promise<NodeTypes[K]> {
  return change(ctx, type, await lock(ctx, type, ref), options, apply);
}

/**
 * Changes a record the mutation has locked: the step must be one its lifecycle allows from the
 * record's state (checked first: no reload helps against it), then the version the client read
 * must still be the record's. After `apply` (none where the step is all there is to it), the record enters the step's state, a versioned
 * record counts its version up (TypeORM's @VersionColumn is never checked, so the lock and this
 * check are the optimistic lock), and the save and the audit entry share the transaction.
 */
async function change<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  record: NodeTypes[K],
  options: ChangeOptions<K>,
  apply?: Change<K>,
): Promise<NodeTypes[K]> {
  expectDeclared(ctx, type, options.action);
  const lifecycle = ctx.registry.lifecycles.get(type);
  let next: string | null = null;
  if (lifecycle) {
    if (!lifecycle.machine.handles(options.action)) {
      throw new Error(`${options.action} changes a ${type} outside its lifecycle`);
    }
    const state = lifecycle.stateOf(record);
    next =
      lifecycle.machine.next(state, options.action) ??
      lifecycle.refuse(record, options.action, state);
  }
  if (options.expectedVersion != null) expectVersion(record, options.expectedVersion);
  const keep = options.trail ?? whole;
  const before = options.trailBefore === false ? null : snapshot(keep(record));
  await apply?.(record);
  if (lifecycle && next !== null) enter(lifecycle, record, next);
  if (isVersioned(record)) record.version += 1;
  Object.assign(record, stamps(ctx, record));
  const saved = await ctx.tx.save(record);
  await ctx.registry.auditTrail.record(ctx, {
    action: options.action,
    entity: type,
    entityId: idOf(saved),
    before,
    after: keep(saved),
    reason: options.reason,
  });
  return saved;
}

/** One record of a `changeMany`: locked by the caller, changed by `apply`, audited with `reason`. */
export interface RecordChange<K extends NodeTypeName> {
  record: NodeTypes[K];
  apply?: Change<K>;
  reason?: string | null;
}

/**
 * `change` for many records the mutation has locked (`lockMany`): each takes the lifecycle step
 * and its `apply`, and counts its version up, exactly as `change` does, all before anything is
 * written; then one UPDATE writes them all and one INSERT their audit entries. A refusal of any
 * record (BusinessError) refuses the call before it writes.
 */
async function changeMany<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  items: readonly RecordChange<K>[],
  options: Omit<ChangeOptions<K>, 'reason' | 'expectedVersion'>,
): Promise<NodeTypes[K][]> {
  expectDeclared(ctx, type, options.action);
  if (items.length === 0) return [];
  const lifecycle = ctx.registry.lifecycles.get(type);
  if (lifecycle && !lifecycle.machine.handles(options.action)) {
    throw new Error(`${options.action} changes a ${type} outside its lifecycle`);
  }
  const keep = options.trail ?? whole;
  const befores: (Record<string, unknown> | null)[] = [];
  for (const { record, apply } of items) {
    let next: string | null = null;
    if (lifecycle) {
      const state = lifecycle.stateOf(record);
      next =
        lifecycle.machine.next(state, options.action) ??
        lifecycle.refuse(record, options.action, state);
    }
    befores.push(options.trailBefore === false ? null : snapshot(keep(record)));
    await apply?.(record);
    if (lifecycle && next !== null) enter(lifecycle, record, next);
    if (isVersioned(record)) record.version += 1;
  }
  await saveMany(
    ctx,
    type,
    items.map((item) => item.record),
  );
  await ctx.registry.auditTrail.recordMany(
    ctx,
    items.map(({ record, reason }, i) => ({
      action: options.action,
      entity: type,
      entityId: idOf(record),
      before: befores[i],
      after: keep(record),
      reason,
    })),
  );
  return items.map((item) => item.record);
}

/**
 * Writes every column of existing records in one UPDATE: the rows travel as one JSON parameter
 * that PostgreSQL reads as rows of the table's own type (so each value is cast as its column is),
 * whatever the number of records. The update date is the database's, read back into the records.
 */
async function saveMany<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  rows: readonly NodeTypes[K][],
): Promise<void> {
  const { entity } = ctx.registry.nodes[type] as NodeSpec<NodeTypes[K]>;
  const metadata = ctx.tx.connection.getMetadata(entity);
  const driver = ctx.tx.connection.driver;
  const columns = writableColumns(metadata);
  const values = rows.map((row) =>
    Object.fromEntries([
      ['id', idOf(row)],
      ...columns.map((c) => [c.databaseName, persistentValue(driver, row, c)]),
    ]),
  );
  const updated = metadata.updateDateColumn;
  const q = quote;
  const sets = columns.map((c) => `${q(c.databaseName)} = v.${q(c.databaseName)}`);
  if (updated) sets.push(`${q(updated.databaseName)} = now()`);
  const table = q(metadata.tableName);
  const result: { id: number; updated: Date | null }[] = await ctx.tx.query(
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    `WITH saved AS (
       UPDATE ${table} AS t SET ${sets.join(', ')}
         FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) AS v
        WHERE t.id = v.id
        RETURNING t.id, ${updated ? `t.${q(updated.databaseName)}` : 'NULL'} AS updated
     ) SELECT id, updated FROM saved`,
    [JSON.stringify(values)],
  );
  if (result.length !== rows.length) {
    throw new Error(`${type}: ${rows.length - result.length} of the records to save are gone`);
  }
  if (!updated) return;
  const at = new Map(result.map((r) => [r.id, r.updated]));
  for (const row of rows) updated.setEntityValue(row, at.get(idOf(row)));
}

/**
 * Inserts many entities with one INSERT and reads the database's ids and defaults back into them,
 * as `save` does. The rows travel as one JSON parameter read as rows of the table's own type:
 * TypeORM's multi-row INSERT builds a parameter per value and spends more time on that than
 * PostgreSQL on the insert. Columns no entity sets are left to their defaults; entities that set
 * different columns (none in Guazhi's batch writes) go through TypeORM's INSERT instead.
 */
export async function insertRows(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: ObjectLiteral[],
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const insertable = metadata.columns.filter(
    (c) => !c.isVirtual && !c.isGenerated && !c.isCreateDate && !c.isUpdateDate,
  );
  const given = insertable.filter((c) => c.getEntityValue(rows[0]) !== undefined);
  const sameShape = rows.every((row) =>
    insertable.every((c) => (c.getEntityValue(row) !== undefined) === given.includes(c)),
  );
  if (!sameShape) {
    await manager.createQueryBuilder().insert().into(entity).values(rows).execute();
    return;
  }
  const values = rows.map((row) =>
    Object.fromEntries(given.map((c) => [c.databaseName, persistentValue(driver, row, c)])),
  );
  const names = given.map((c) => quote(c.databaseName)).join(', ');
  const table = quote(metadata.tableName);
  // Only what the database filled in comes back (ids, dates, defaults), not what was sent.
  const filled = metadata.columns.filter((c) => !c.isVirtual && !given.includes(c));
  const inserted: ObjectLiteral[] = await manager.query(
    // Wrapped in a SELECT: TypeORM answers a bare INSERT … RETURNING with more than its rows.
    `WITH inserted AS (
       INSERT INTO ${table} (${names})
       SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
         WITH ORDINALITY AS v ORDER BY v.ordinality
       RETURNING ${filled.map((c) => quote(c.databaseName)).join(', ')}
     ) SELECT * FROM inserted`,
    [JSON.stringify(values)],
  );
  // RETURNING gives the rows in the order they were inserted: the order of the JSON array.
  rows.forEach((row, i) => {
    for (const c of filled) {
      c.setEntityValue(row, driver.prepareHydratedValue(inserted[i][c.databaseName], c));
    }
  });
}

/**
 * A column's value as the JSON parameter carries it: as TypeORM would send it, except JSON
 * columns, whose value goes into the JSON as it is (TypeORM would send it as a string of JSON).
 */
function persistentValue(driver: Driver, row: ObjectLiteral, column: ColumnMetadata): unknown {
  const value: unknown = column.getEntityValue(row);
  if (column.type === 'json' || column.type === 'jsonb') return value;
  return driver.preparePersistentValue(value, column);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The columns an update writes: not the id, the creation date or the update date (the database's). */
function writableColumns(metadata: EntityMetadata) {
  return metadata.columns.filter(
    (c) => !c.isPrimary && !c.isCreateDate && !c.isUpdateDate && !c.isVirtual,
  );
}

/**
 * A record's times follow the context's clock where it has one (the demo seed's history); else the
 * database's defaults (now()) stand. A change at the very instant of the last one is stamped a
 * millisecond later: TypeORM writes now() over an update date it sees unchanged.
 */
function stamps(ctx: TxContext, changed: object | null): object {
  if (!ctx.now) return {};
  if (!changed) return { createdAt: ctx.now, updatedAt: ctx.now };
  const last = (changed as { updatedAt?: Date }).updatedAt?.getTime() ?? 0;
  return { updatedAt: new Date(Math.max(ctx.now.getTime(), last + 1)) };
}

const SECRET_KEYS = new Set(['passwordHash', 'keyHash']);

/** A JSON copy of a record for the trail: own columns only, secrets dropped. */
export function snapshot(record: object | null | undefined): Record<string, unknown> | null {
  if (!record) return null;
  return JSON.parse(
    JSON.stringify(record, (key, value) => (SECRET_KEYS.has(key) ? undefined : value)),
  ) as Record<string, unknown>;
}

const whole = (record: object): object => record;

function idOf(record: object): number {
  return (record as { id: number }).id;
}

function isVersioned(record: object): record is Versioned {
  return typeof (record as Partial<Versioned>).version === 'number';
}

/** Optimistic locking: the version the client read must still be the record's. */
function expectVersion(record: object, version: number): void {
  const current = (record as Versioned).version;
  if (current !== version) {
    refuse(
      CommonErrorCode.STALE_VERSION,
      {
        en: `The record changed since you read it (version ${current}, you sent ${version}); reload`,
        zh: `该记录在您读取后已被修改（当前版本 ${current}，您提交的版本 ${version}），请刷新后重试`,
      },
      'version',
    );
  }
}

/** The record's module must declare the action on this type: the trail reads no stray names. */
function expectDeclared(ctx: TxContext, type: NodeTypeName, action: string): void {
  if (ctx.registry.auditActions.get(action) !== type) {
    throw new Error(`${action} is not an audit action declared for ${type}`);
  }
}

/**
 * Puts the record in `state`: by the lifecycle's `enter` where it has one; where the change sets
 * what the state is read from (an end date), the record must have arrived there by itself.
 */
function enter(
  lifecycle: { enter?(record: object, state: string): void; stateOf(record: object): string },
  record: object,
  state: string,
): void {
  lifecycle.enter?.(record, state);
  const reached = lifecycle.stateOf(record);
  if (reached !== state) throw new Error(`The record is ${reached}, not ${state}, after the step`);
}
