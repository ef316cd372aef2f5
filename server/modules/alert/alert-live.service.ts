import { badInput } from '../../common/errors';
import { idsOf } from '../../common/list';
import type { Context } from '../../context';
import { eventIdArg, liveStream, type Delivered } from '../live/live-stream';
import type { Alert } from './alert.entity';
import { AlertChange, type AlertChangeFilter } from './dto/alert-changed.event';

/** At most this many ids in one filter list: each event is matched against them in memory. */
const MAX_FILTER_IDS = 100;

export interface AlertChangeOf {
  change: AlertChange;
  alert: Alert;
}

const CHANGES = new Set<string>(Object.values(AlertChange));

/** Live events of alerts (topic `alert`, published by alert/sql/refresh-alerts.sql and alert-triggers.sql). */
export class AlertLiveService {
  /**
   * The changes of alerts the viewer may read that match `filter`: kinds and postings from the
   * event itself, units from the alert's posting. The alert is read once per batch of events for
   * every subscriber, each getting it only in their row scope (live/live-fanout.ts); the posting,
   * as the viewer reads it.
   */
  changed(
    ctx: Context,
    filter: AlertChangeFilter | null | undefined,
    afterEventId: unknown,
  ): AsyncIterableIterator<Delivered<AlertChangeOf>> {
    for (const [field, ids] of [
      ['unitIds', filter?.unitIds],
      ['postingIds', filter?.postingIds],
    ] as const) {
      if ((ids?.length ?? 0) > MAX_FILTER_IDS)
        throw badInput(
          { en: `At most ${MAX_FILTER_IDS} ids`, zh: `最多 ${MAX_FILTER_IDS} 个 ID` },
          `filter.${field}`,
        );
    }
    const kinds = filter?.kinds ? new Set<string>(filter.kinds) : null;
    const units = idsOf(filter?.unitIds, 'Unit', 'filter.unitIds');
    const postings = idsOf(filter?.postingIds, 'Posting', 'filter.postingIds');
    const after = eventIdArg(afterEventId);
    return liveStream(
      ctx,
      {
        topic: 'alert',
        matches: (payload) =>
          CHANGES.has(String(payload.change)) &&
          (!kinds || kinds.has(String(payload.kind))) &&
          (!postings || postings.includes(Number(payload.postingId))),
        about: (payload) => ({ type: 'Alert', id: Number(payload.alertId) }),
        deliver: async (ctx, alert: Alert, payload) => {
          if (units) {
            const posting = await ctx.loaders.Posting.load(alert.postingId);
            const concerned =
              posting &&
              (units.includes(posting.sendingUnitId) || units.includes(posting.receivingUnitId));
            if (!concerned) return null;
          }
          return { change: payload.change as AlertChange, alert };
        },
      },
      after,
    );
  }
}

export const alertLiveService = new AlertLiveService();
