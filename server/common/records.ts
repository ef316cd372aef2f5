import type { ObjectLiteral } from 'typeorm';
import { requireViewer, type TxContext } from '../context';
import { notFound } from './errors';
import type { NodeSpec, NodeTypeName, NodeTypes } from './module';
import { expectGlobalId } from './global-id';

/**
 * Locks a record for a mutation (SELECT … FOR UPDATE in the mutation's transaction), through the
 * viewer's read scope: a record the viewer may not read is NOT_FOUND, exactly like a missing one.
 * Write rules beyond reading are each service's to check. `share` (FOR SHARE) is for rows that
 * are only referenced, so that they cannot change underneath without blocking other readers.
 */
export async function lockForWrite<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  id: number,
  mode: 'update' | 'share' = 'update',
): Promise<NodeTypes[K]> {
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

/** Decodes an input's global ID and locks that record. */
export function lockByGlobalId<K extends NodeTypeName>(
  ctx: TxContext,
  type: K,
  globalId: string,
  field: string,
): Promise<NodeTypes[K]> {
  return lockForWrite(ctx, type, expectGlobalId(globalId, type, field));
}
