import type { SelectQueryBuilder } from 'typeorm';
import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { idsOf, inDateRange, loadList } from '../../common/list';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { OrderDirection, type Page } from '../../common/pagination';
import { records } from '../../common/records';
import { forbidden } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { statsTally } from '../stats/stats.tally';
import type { Alert } from './alert.entity';
import { AlertErrorCode } from './alert.errors';
import { alertPolicy } from './alert.policy';
import type { AcknowledgeAlertInput, AssignAlertInput } from './dto/alert-mutation.inputs';
import { AlertOrderField, type AlertListArgs } from './dto/alert-list.args';

/** The filter and `asOf` of an alert list, as SQL over the list's alias. */
function applyFilter(args: AlertListArgs) {
  const filter = args.filter ?? {};
  const asOf = args.asOf ?? null;
  const units = idsOf(filter.unitIds, 'Unit', 'filter.unitIds');
  const receiving = idsOf(filter.receivingUnitIds, 'Unit', 'filter.receivingUnitIds');
  const sending = idsOf(filter.sendingUnitIds, 'Unit', 'filter.sendingUnitIds');
  const cadres = idsOf(filter.cadreIds, 'Cadre', 'filter.cadreIds');
  const postings = idsOf(filter.postingIds, 'Posting', 'filter.postingIds');
  // Omitted means open — what a dashboard wants — except for a past day, whose alerts may have
  // cleared since; an explicit null means both.
  const open = filter.open === undefined ? (asOf === null ? true : null) : filter.open;
  return (qb: SelectQueryBuilder<Alert>, a: string) => {
    if (filter.kinds) qb.andWhere(`${a}.kind = ANY(:fKinds)`, { fKinds: filter.kinds });
    if (postings) qb.andWhere(`${a}.posting_id = ANY(:fPostings)`, { fPostings: postings });
    if (open !== null) qb.andWhere(`${a}.cleared_on IS ${open ? '' : 'NOT '}NULL`);
    if (typeof filter.acknowledged === 'boolean') {
      qb.andWhere(`${a}.acknowledged_at IS ${filter.acknowledged ? 'NOT ' : ''}NULL`);
    }
    inDateRange(qb, `${a}.raised_on`, filter.raisedOn, 'fRaised');
    if (asOf !== null) {
      qb.andWhere(
        `${a}.raised_on <= :fAsOf AND (${a}.cleared_on IS NULL OR ${a}.cleared_on > :fAsOf)`,
        { fAsOf: asOf },
      );
    }
    if (units || receiving || sending || cadres) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM posting fp WHERE fp.id = ${a}.posting_id
          ${units ? 'AND (fp.sending_unit_id = ANY(:fUnits) OR fp.receiving_unit_id = ANY(:fUnits))' : ''}
          ${receiving ? 'AND fp.receiving_unit_id = ANY(:fReceiving)' : ''}
          ${sending ? 'AND fp.sending_unit_id = ANY(:fSending)' : ''}
          ${cadres ? 'AND fp.cadre_id = ANY(:fCadres)' : ''})`,
        { fUnits: units, fReceiving: receiving, fSending: sending, fCadres: cadres },
      );
    }
  };
}

/** The list every dashboard opens with: open alerts today, no other filter. */
function isWholeOpenList(args: AlertListArgs): boolean {
  const { open, ...others } = args.filter ?? {};
  return (
    (open === undefined || open === true) &&
    args.asOf == null &&
    Object.values(others).every((value) => value == null)
  );
}

export class AlertService {
  /** Alerts the viewer may read, open ones by default, optionally of one posting. */
  list(ctx: Context, args: AlertListArgs, postingId?: number): Promise<Page<Alert>> {
    return loadList<Alert, AlertOrderField>(ctx, {
      type: 'Alert',
      args,
      columns: { RAISED_ON: 'raised_on' },
      defaultOrder: { field: AlertOrderField.RAISED_ON, direction: OrderDirection.DESC },
      where: applyFilter(args),
      filterKey: [args.filter, args.asOf],
      parent: postingId === undefined ? undefined : { column: 'posting_id', id: postingId },
      count:
        postingId === undefined && isWholeOpenList(args) && statsTally.readsAllAlerts(ctx)
          ? () => statsTally.openAlerts(ctx)
          : undefined,
    });
  }

  /**
   * Marks an open alert as seen, with a note; audited, and a live event (ACKNOWLEDGED). The first
   * acknowledgement stands: its author may change the note (who and when stay, no event), anyone
   * else is refused (ALREADY_ACKNOWLEDGED) rather than silently replacing it.
   */
  acknowledge(ctx: Context, input: AcknowledgeAlertInput): Promise<MutationResult<Alert>> {
    const step = { action: 'alert.acknowledge', expectedVersion: input.version } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Alert', { globalId: input.id, field: 'id' }, step, (alert) => {
        expectOpen(alert);
        const { userId } = requireViewer(ctx);
        // Acknowledging (阅知) is a person's act and names them; a system's API key reads and
        // assigns alerts but acknowledges none (the row would have no one to name).
        if (userId === null) {
          throw forbidden({
            en: 'An API key cannot acknowledge an alert: sign in as a person',
            zh: 'API 密钥不能阅知预警：请以个人身份登录',
          });
        }
        if (alert.acknowledgedAt === null) {
          alert.acknowledgedAt = new Date();
          alert.acknowledgedById = userId;
        } else if (alert.acknowledgedById !== userId) {
          refuse(
            AlertErrorCode.ALREADY_ACKNOWLEDGED,
            {
              en: 'The alert has already been acknowledged by someone else',
              zh: '该预警已由他人阅知',
            },
            'id',
          );
        }
        alert.acknowledgementNote = input.note?.trim() || null;
      }),
    );
  }

  /** Gives an open alert to a user who may follow it up; audited, and a live event (ASSIGNED). */
  assign(ctx: Context, input: AssignAlertInput): Promise<MutationResult<Alert>> {
    const step = { action: 'alert.assign', expectedVersion: input.version } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Alert', { globalId: input.id, field: 'id' }, step, async (alert) => {
        expectOpen(alert);
        const assignee = await this.concernedUser(ctx, alert, input.assigneeId);
        alert.assigneeId = assignee.id;
        alert.assignedAt = new Date();
        alert.assignedById = requireViewer(ctx).userId;
      }),
    );
  }

  /**
   * The assignee, read through the viewer's scope of accounts (a manager reads only their own),
   * and refused alike whether missing, out of that scope or not concerned: answering an account
   * the viewer may not read otherwise than a missing one would let them probe which ids exist.
   */
  private async concernedUser(ctx: TxContext, alert: Alert, assigneeId: string): Promise<User> {
    const id = expectGlobalId(assigneeId, 'User', 'assigneeId');
    const [[user], posting] = await Promise.all([
      records.lockMany(ctx, 'User', [id], 'share'),
      ctx.tx.findOneByOrFail(Posting, { id: alert.postingId }),
    ]);
    if (!user || !alertPolicy.mayBeAssigned(user, posting)) {
      refuse(
        AlertErrorCode.ASSIGNEE_NOT_CONCERNED,
        {
          en: 'The assignee must be an active org-department user or a manager of a unit the alert concerns, whose account you may read',
          zh: '交办对象须为您可查看的在用组织部门账号，或该挂职派出、接收单位的管理员',
        },
        'assigneeId',
      );
    }
    return user;
  }
}

function expectOpen(alert: Alert): void {
  if (alert.clearedOn !== null) {
    refuse(
      AlertErrorCode.ALERT_CLEARED,
      {
        en: `The alert cleared on ${alert.clearedOn}`,
        zh: `该预警已于 ${alert.clearedOn} 解除`,
      },
      'id',
    );
  }
}

export const alertService = new AlertService();
