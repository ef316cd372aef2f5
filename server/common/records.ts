import type { DeepPartial, ObjectLiteral } from 'typeorm';
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
 */
export const records = { lock, create, update, change };

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
      `The record changed since you read it (version ${current}, you sent ${version}); reload`,
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
