import type { SelectQueryBuilder } from 'typeorm';
import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { badInput } from '../../common/errors';
import { fromGlobalId } from '../../common/global-id';
import { idsOf, loadList, anyOf } from '../../common/list';
import type { AuditRecord, AuditTrail } from '../../common/module';
import { OrderDirection, type Page } from '../../common/pagination';
import { insertRows, snapshot } from '../../common/records';
import { AuditEntry } from './audit-entry.entity';
import {
  AuditOrderField,
  type AuditEntryFilter,
  type AuditEntryListArgs,
} from './dto/audit-list.args';

function applyFilter(filter: AuditEntryFilter | undefined) {
  if (!filter) return undefined;
  const actors = idsOf(filter.actorIds, 'User', 'filter.actorIds');
  const subject = filter.subjectId ? fromGlobalId(filter.subjectId) : null;
  if (filter.subjectId && !subject)
    throw badInput(
      { en: 'filter.subjectId is not a valid ID', zh: 'filter.subjectId 不是有效的 ID' },
      'filter.subjectId',
    );
  return (qb: SelectQueryBuilder<AuditEntry>, a: string) => {
    if (filter.entity) anyOf(qb, `${a}.entity`, 'fEntity', filter.entity);
    if (filter.action) anyOf(qb, `${a}.action`, 'fAction', filter.action);
    if (actors) anyOf(qb, `${a}.actor_id`, 'fActors', actors);
    if (subject) {
      qb.andWhere(`${a}.entity = :fSubjectType AND ${a}.entity_id = :fSubjectId`, {
        fSubjectType: subject.typeName,
        fSubjectId: subject.id,
      });
    }
    if (filter.since) qb.andWhere(`${a}.at >= :fSince`, { fSince: filter.since });
    if (filter.until) qb.andWhere(`${a}.at < :fUntil`, { fUntil: filter.until });
  };
}

export class AuditService implements AuditTrail {
  /** Writes the trail entry in the caller's transaction, so it commits or rolls back with the change. */
  record(ctx: TxContext, entry: AuditRecord): Promise<void> {
    return this.recordMany(ctx, [entry]);
  }

  /** Writes many entries with one multi-row INSERT, in the caller's transaction. */
  async recordMany(ctx: TxContext, entries: readonly AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await insertRows(
      ctx.tx,
      AuditEntry,
      entries.map((entry) => this.rowOf(ctx, entry)),
    );
  }

  /**
   * The stored row of an entry: by the viewer, at the context's clock where it has one (the demo
   * seed's history), else at the database's now(). The demo seed collects these and writes them
   * in bulk, in the same transaction.
   */
  rowOf(ctx: TxContext, entry: AuditRecord): Partial<AuditEntry> {
    const { userId, apiKeyId } = requireViewer(ctx);
    return {
      actorId: userId,
      apiKeyId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
      reason: entry.reason ?? null,
      ...(ctx.now ? { at: ctx.now } : {}),
    };
  }

  list(ctx: Context, args: AuditEntryListArgs): Promise<Page<AuditEntry>> {
    return loadList<AuditEntry, AuditOrderField>(ctx, {
      type: 'AuditEntry',
      args,
      columns: { AT: 'at' },
      defaultOrder: { field: AuditOrderField.AT, direction: OrderDirection.ASC },
      where: applyFilter(args.filter),
      filterKey: args.filter,
    });
  }
}

export const auditService = new AuditService();
