import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { today } from '../../common/dates';

/** What one sweep did: the day it judged, its length, and the alerts it changed. */
export interface SweepResult {
  day: string;
  durationMs: number;
  raised: number;
  cleared: number;
  updated: number;
}

export interface SweepOptions {
  /** The day to judge (YYYY-MM-DD, China); default today. A later day moves the alerts' clock. */
  day?: string;
  /** Sweep even if a sweep already judged this day (on start: the rules may have changed). */
  force?: boolean;
}

/**
 * The daily sweep: every alert brought to what the rules say on `day`, for what changes with the
 * passing of days alone (a deadline passing, a report falling overdue) — writes refresh their own
 * postings as they happen (alert/sql/alert-triggers.sql). One instance at a time: the others find
 * the advisory lock taken and return null, as does a sweep of a day already swept (unless
 * forced). Recorded in `alert_sweep`.
 */
export async function sweepAlerts(
  dataSource: DataSource,
  options: SweepOptions = {},
): Promise<SweepResult | null> {
  const day = options.day ?? today();
  return dataSource.transaction(async (tx) => {
    const [{ locked }]: { locked: boolean }[] = await tx.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('guazhi:alert-sweep')) AS locked`,
    );
    if (!locked) return null;
    if (!options.force) {
      const done: unknown[] = await tx.query('SELECT 1 FROM alert_sweep WHERE day = $1', [day]);
      if (done.length > 0) return null;
    }
    const started = performance.now();
    const [changed]: Omit<SweepResult, 'day' | 'durationMs'>[] = await tx.query(
      'SELECT raised, cleared, updated FROM rules.refresh_alerts(NULL, $1)',
      [day],
    );
    const durationMs = Math.round(performance.now() - started);
    await tx.query(
      `INSERT INTO alert_sweep (day, duration_ms, raised, cleared, updated)
       VALUES ($1, $2, $3, $4, $5)`,
      [day, durationMs, changed.raised, changed.cleared, changed.updated],
    );
    return { day, durationMs, ...changed };
  });
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** After China's midnight, so that `today()` has turned. */
const PAST_MIDNIGHT_MS = 5_000;
const RETRY_MS = 60_000;

/** Milliseconds from `now` to just after the next midnight in China (UTC+8, no daylight saving). */
export function untilChinaMidnight(now = Date.now()): number {
  const nextMidnight =
    (Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - CHINA_OFFSET_MS;
  return nextMidnight - now + PAST_MIDNIGHT_MS;
}

/**
 * Sweeps on start (forced: rules or data may have changed while no server ran) and then just
 * after every midnight in China; a failed sweep (database away) is retried a minute later. The
 * timer does not hold the process open; `stop` cancels it and waits for a sweep under way.
 */
export function scheduleAlertSweeps(
  dataSource: DataSource,
  logger: Logger,
): { stop: () => Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const next = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => run(false), ms);
    timer.unref();
  };
  const run = (force: boolean) => {
    running = sweepAlerts(dataSource, { force })
      .then((result) => {
        if (result) logger.info(result, 'alerts swept');
        next(untilChinaMidnight());
      })
      .catch((error: Error) => {
        logger.warn({ err: error.message }, 'alert sweep failed: retrying in a minute');
        next(RETRY_MS);
      });
  };
  run(true);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
