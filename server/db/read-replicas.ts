import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../common/viewer';
import { createDataSource, type DataSourceOptions } from './data-source';

/**
 * Streaming standbys that GraphQL queries may read from (DATABASE_REPLICA_URLS), and what decides
 * whether one may: `readRouting` (read-routing.ts) asks `forQuery` once per query operation;
 * `runMutation` calls `noteWrite` after each commit. Everything else uses the primary.
 *
 * Read-your-writes: a replica serves a viewer only once it has replayed the primary's WAL past
 * that viewer's last commit (`pg_current_wal_insert_lsn()` read right after the commit: past the
 * commit record even under asynchronous commit, which the write position may not be). A time window
 * alone would be wrong exactly when it matters: replay can stall for longer than any window (a
 * long query on the standby holds replay up to `max_standby_streaming_delay`, 30 s by default).
 * The positions are kept per process for `stickyMs`; past that, the other rule has taken over:
 * a replica whose replay is stuck behind by more than `stickyMs`, that receives nothing, or that
 * has heard nothing from the primary for longer than `allowedSilenceMs` serves nobody. So a write
 * is seen by its viewer at once and by everyone, through any instance, within about `stickyMs`
 * (or half the standby's `wal_receiver_timeout`, if longer: README "Running at scale").
 */
export class ReadReplicas {
  private readonly replicas: Replica[];
  private next = 0;
  /** Viewer key → the primary's WAL position after their last commit, and when it was noted. */
  private readonly written = new Map<string, { lsn: bigint; at: number }>();

  constructor(
    readonly primary: DataSource,
    urls: readonly string[],
    private readonly options: ReadReplicaOptions,
  ) {
    this.replicas = urls.map((url, i) => ({ url, name: `replica ${i + 1}`, downUntil: 0 }));
  }

  /** Where a query operation of `viewer` reads: a replica that is up and fresh enough, else the primary. */
  async forQuery(viewer: Viewer | null): Promise<DataSource> {
    const needed = this.writtenBy(viewer);
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length];
      if (replica.downUntil > Date.now()) continue;
      const dataSource = await this.ifFresh(replica, needed);
      if (dataSource) return dataSource;
    }
    return this.primary;
  }

  /**
   * Notes the primary's WAL position after `viewer`'s commit. If it cannot be read, the viewer
   * reads from the primary for `stickyMs` instead: the write has committed, so no error.
   */
  async noteWrite(viewer: Viewer | null): Promise<void> {
    const key = keyOf(viewer);
    if (!key) return;
    let lsn = UNKNOWN_POSITION;
    try {
      const [row] = (await this.primary.query(
        'SELECT pg_current_wal_insert_lsn()::text AS lsn',
      )) as {
        lsn: string;
      }[];
      lsn = lsnValue(row.lsn);
    } catch {
      // Keep UNKNOWN_POSITION: no replica is fresh enough for it.
    }
    this.written.set(key, { lsn, at: Date.now() });
    if (this.written.size > 10_000) this.forgetOld();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.replicas.map((r) =>
        r.connecting?.then((dataSource) => dataSource.destroy()).catch(() => undefined),
      ),
    );
  }

  private writtenBy(viewer: Viewer | null): bigint | null {
    const key = keyOf(viewer);
    const mark = key ? this.written.get(key) : undefined;
    if (!mark) return null;
    if (Date.now() - mark.at <= this.options.stickyMs) return mark.lsn;
    this.written.delete(key!);
    return null;
  }

  private forgetOld(): void {
    const now = Date.now();
    for (const [key, mark] of this.written) {
      if (now - mark.at > this.options.stickyMs) this.written.delete(key);
    }
  }

  /**
   * The replica's DataSource when it answers, is a standby, has replayed `needed`, is not stuck
   * behind by more than `stickyMs`, and has heard from its primary lately (`allowedSilenceMs`);
   * a replica that fails is left out for `retryMs`.
   */
  private async ifFresh(replica: Replica, needed: bigint | null): Promise<DataSource | null> {
    try {
      // One connection attempt shared by every request that comes meanwhile (each its own
      // attempt left a pool per request behind); a failed one is forgotten, to be tried again.
      replica.connecting ??= this.connect(replica).catch((error: unknown) => {
        replica.connecting = undefined;
        throw error;
      });
      const dataSource = await replica.connecting;
      // On the pool itself: TypeORM's query runner would double the check's CPU time.
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      const {
        rows: [state],
      } = await pool.query<Freshness>({
        text: FRESHNESS,
        // A replica that stops answering on an open connection (a host gone silent) is left out
        // after this long, and the connection is dropped, instead of hanging the request.
        query_timeout: CHECK_TIMEOUT_MS,
      } as QueryConfig);
      // Not (or no longer) a standby: a promoted replica is another primary, never read from.
      if (state.replayed === null) throw new Error(`${replica.name} is not a standby`);
      // Without pg_read_all_stats the receiver's row shows its pid only: staleness unknowable.
      if (state.receiving && state.silentMs === null)
        throw new Error(
          `${replica.name}: its role may not read pg_stat_wal_receiver (GRANT pg_read_all_stats)`,
        );
      if (state.lagMs === null || state.lagMs > this.options.stickyMs) return null;
      if (state.silentMs! > allowedSilenceMs(this.options.stickyMs, state.receiverTimeoutMs))
        return null;
      if (needed !== null && lsnValue(state.replayed) < needed) return null;
      return dataSource;
    } catch (error) {
      replica.downUntil = Date.now() + this.options.retryMs;
      this.options.onDown?.(replica.name, error);
      return null;
    }
  }

  /** A replica is connected on first use, so one that is down at start-up is only skipped. */
  private async connect(replica: Replica): Promise<DataSource> {
    const dataSource = createDataSource(replica.url, { ...this.options.dataSource, replica: true });
    try {
      return await dataSource.initialize();
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      throw error;
    }
  }
}

export interface ReadReplicaOptions {
  /** How long a viewer's own commits are waited for on replicas (GUAZHI_REPLICA_STICKY_MS). */
  stickyMs: number;
  /** How long a replica that failed is left out before it is tried again. */
  retryMs: number;
  /** Told when a replica is left out (logged as a warning). */
  onDown?: (replica: string, error: unknown) => void;
  dataSource?: DataSourceOptions;
}

interface Replica {
  url: string;
  name: string;
  /** Its DataSource, once a first use has started connecting it. */
  connecting?: Promise<DataSource>;
  /** Until when (ms since epoch) the replica is left out after a failure. */
  downUntil: number;
}

interface Freshness {
  replayed: string | null;
  lagMs: number | null;
  /** Whether a WAL receiver runs (its row is there, details or not). */
  receiving: boolean;
  /** Since the receiver last heard from the primary: WAL or a keepalive (standby's own clock). */
  silentMs: number | null;
  receiverTimeoutMs: number;
}

/**
 * What the standby has replayed, and how far behind it is: null when it receives nothing (no WAL
 * receiver streaming from the primary), since its position then says nothing. Lag counts only
 * while replay is behind what it received: an idle primary sends nothing new, and the last
 * replayed commit's age then says nothing about staleness.
 *
 * That alone trusts a connection that has gone silent (the primary's host or the network gone,
 * nothing closed): nothing arrives, so nothing is behind, until the receiver gives up after
 * `wal_receiver_timeout` (60 s by default). Hence `silentMs`, since the receiver last heard from
 * the primary (`pg_stat_wal_receiver.last_msg_receipt_time`: WAL or a keepalive; readable with
 * pg_read_all_stats only). An idle primary sends nothing by itself: the receiver asks it for a
 * keepalive after `wal_receiver_timeout / 2` of silence (walreceiver.c), so a healthy connection
 * is never silent much longer than that; see `allowedSilenceMs`.
 */
const FRESHNESS = `SELECT pg_last_wal_replay_lsn()::text AS replayed,
  CASE WHEN r.status IS DISTINCT FROM 'streaming' THEN NULL
       WHEN pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() THEN 0
       ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000
  END::float AS "lagMs",
  r.pid IS NOT NULL AS receiving,
  (extract(epoch FROM clock_timestamp() - r.last_msg_receipt_time) * 1000)::float AS "silentMs",
  (extract(epoch FROM current_setting('wal_receiver_timeout')::interval) * 1000)::float
    AS "receiverTimeoutMs"
  FROM (SELECT) AS one LEFT JOIN pg_stat_wal_receiver r ON TRUE`;

/** How late a healthy receiver's keepalive may come after it asked (the round trip, its wake-up). */
const KEEPALIVE_SLACK_MS = 1_000;

/**
 * How long a standby may have heard nothing from its primary and still serve: the window, or, when
 * the standby's `wal_receiver_timeout` makes a healthy but idle connection quieter than that,
 * half that timeout (when it asks for a keepalive) and the slack. With the receiver's timeout off
 * (0) it never asks: the window, and an idle primary then serves the reads itself.
 */
export function allowedSilenceMs(stickyMs: number, receiverTimeoutMs: number): number {
  if (receiverTimeoutMs <= 0) return stickyMs;
  return Math.max(stickyMs, receiverTimeoutMs / 2 + KEEPALIVE_SLACK_MS);
}

const CHECK_TIMEOUT_MS = 1_000;

/** Beyond any real WAL position: when the primary's position after a write could not be read. */
const UNKNOWN_POSITION = 2n ** 64n;

/** The viewer whose reads must see their writes: a user, or a system using an API key. */
function keyOf(viewer: Viewer | null): string | null {
  if (viewer?.userId != null) return `user:${viewer.userId}`;
  if (viewer?.apiKeyId != null) return `key:${viewer.apiKeyId}`;
  return null;
}

/** A `pg_lsn` ('16/B374D848': two 32-bit halves in hex) as a number, to compare positions. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
