import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';

/** The channel `rules.publish_event` notifies (live/sql/publish.sql). */
export const LIVE_CHANNEL = 'guazhi_live';

/** One row of live_event, as the notification or a replay carries it. */
export interface LiveEvent {
  /** live_event.id: the order events were published in (not always the order they committed). */
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

export type LiveListener = (event: LiveEvent) => void;

/** How far the hub's notifications are known to be complete (`LiveHub.freshness`). */
export interface Freshness {
  /** Counts the LISTEN connections made: another number, another connection (events may be lost between). */
  connection: number;
  /** When the last answered heartbeat (or the LISTEN) was sent: every commit before it has been heard. */
  provenAt: number;
}

export interface LiveHubOptions {
  /** The database to LISTEN on: the data source's own (`listenConfigOf`). */
  connection: ClientConfig;
  /** How long live_event rows are kept (GUAZHI_LIVE_EVENT_RETENTION_HOURS). */
  retentionHours: number;
  /** Unexpected errors (a lost LISTEN connection, a failed purge): logged, never thrown. */
  log(error: unknown, what: string): void;
}

/** Kept events one replay query reads at most (a subscription reads on, page by page). */
export const MAX_REPLAY = 1000;
/** After a reconnect, events published this long before the connection was lost are read again. */
const CATCH_UP_LOOKBACK_MS = 60_000;
/** Ids remembered to drop an event heard twice (a catch-up and its notification). */
const REMEMBERED_MS = 10 * 60_000;
/**
 * A heartbeat a second: besides finding a connection that died without a word, each answer proves
 * that every notification committed before it was sent has been delivered (PostgreSQL sends a
 * listening session's pending notifications before it reads its next command), which is what the
 * viewer cache trusts (`freshness`, auth/viewer-cache.ts). Unanswered this long: reconnect.
 */
const HEARTBEAT_MS = 1_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
const MAX_RETRY_MS = 5_000;

/** The data source's database, for a client of its own. */
export function listenConfigOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    database?: string;
    extra?: { options?: string };
  };
  const common = { options: o.extra?.options };
  if (o.url) return { ...common, connectionString: o.url };
  return {
    ...common,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function eventOf(row: { id: string | number; topic: string; payload: unknown }): LiveEvent {
  return { id: Number(row.id), topic: row.topic, payload: row.payload as LiveEvent['payload'] };
}

/**
 * The one LISTEN connection of a server process (PITFALLS: LISTEN/NOTIFY): its own pg client with
 * an 'error' handler and a connection timeout, a heartbeat, and a reconnect loop that LISTENs again
 * and then reads the live_event rows published while it was away, so a subscriber of this
 * instance misses nothing across a database restart. Events go to the process's listeners (the
 * subscriptions) at most once each. It also purges events older than the retention.
 */
export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  /** Event id → when it was heard, to deliver each once. */
  private readonly heard = new Map<number, number>();
  private client: Client | null = null;
  private stopped = false;
  /** Highest id heard, and when the last connection was lost (null: never connected yet). */
  private lastId = 0;
  private lostAt: number | null = null;
  private everConnected = false;
  private freshnessNow: Freshness | null = null;
  private connections = 0;
  private readonly ready: Promise<void>;
  private markReady!: () => void;
  private loop: Promise<void> | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: LiveHubOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** Starts listening; resolves once the first LISTEN is in place (or at once when stopped). */
  start(): Promise<void> {
    this.loop ??= this.run();
    const every = Math.min(3_600_000, (this.options.retentionHours * 3_600_000) / 24);
    this.purgeTimer ??= setInterval(() => void this.purge(), every).unref();
    return this.ready;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.markReady();
    clearInterval(this.purgeTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.loop;
  }

  /**
   * The highest event id this process has heard (the last one when it first connected, before
   * any): every event that commits after this call is heard later, and a replay after this id
   * reads it (it commits after this event did, so it is after it or was running when it was
   * published). Where a subscription that has delivered nothing yet resumes (live-stream.ts).
   */
  get lastHeard(): number {
    return this.lastId;
  }

  /**
   * Up to when every committed event is known to have reached the listeners, on which connection;
   * null while not listening (connecting, reconnecting, stopped).
   */
  freshness(): Freshness | null {
    return this.freshnessNow;
  }

  /** Adds a listener of every event of this process; returns its removal. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The kept events of `topic` for a subscriber resuming after `afterId`, oldest first: one page
   * of at most MAX_REPLAY, the next page after `cursor`, the last id of the previous one. Ids are
   * taken when a row is inserted, not when it commits, so an event with a lower id than `afterId`
   * may have committed after it, unseen by the subscriber: those are read too (`lateOf`). A few
   * events seen already may come again (of transactions beside it that committed first): clients
   * drop them by id.
   */
  async replay(topic: string, afterId: number, cursor: number | null = null): Promise<LiveEvent[]> {
    const late = await this.lateOf(afterId);
    const rows: { id: string; topic: string; payload: unknown }[] = await this.dataSource.query(
      `(SELECT id, topic, payload FROM live_event
         WHERE topic = $1 AND id > greatest($2::bigint, $3::bigint) ORDER BY id LIMIT $4)
       UNION ALL
       (SELECT id, topic, payload FROM live_event
         WHERE xid = ANY($5::xid8[]) AND xid <> $7::xid8
           AND topic = $1 AND id < $2 AND id > coalesce($3::bigint, 0))
       UNION ALL
       (SELECT id, topic, payload FROM live_event
         WHERE xid >= $6::xid8 AND xid <> $7::xid8 AND NOT xid = ANY($5::xid8[])
           AND topic = $1 AND id < $2 AND id > coalesce($3::bigint, 0))
       ORDER BY id LIMIT $4`,
      [topic, afterId, cursor, MAX_REPLAY, late.running, late.startedAfter, late.xid],
    );
    return rows.map(eventOf);
  }

  /**
   * What an event with a lower id than `eventId` that committed after it can be: its transaction
   * had not committed when event `eventId` was published, so it was running then (`running`, the
   * snapshot's in-progress list) or began later (`startedAfter`, its xmax) — migration
   * 1765900100000. Its own transaction (`xid`) committed with it and is left out. Read first, so
   * that the replay's conditions are values the planner sees, and the xid index serves them.
   */
  private async lateOf(
    eventId: number,
  ): Promise<{ running: string[]; startedAfter: string | null; xid: string | null }> {
    const [seen]: { xid: string | null; xmax: string | null; xip: string[] | null }[] =
      await this.dataSource.query(
        `SELECT xid::text, pg_snapshot_xmax(snapshot)::text AS xmax,
            ARRAY(SELECT pg_snapshot_xip(snapshot))::text[] AS xip
          FROM live_event WHERE id = $1`,
        [eventId],
      );
    return { running: seen?.xip ?? [], startedAfter: seen?.xmax ?? null, xid: seen?.xid ?? null };
  }

  /** Deletes the events older than the retention; returns how many. */
  async purge(): Promise<number> {
    try {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM live_event WHERE created_at < now() - make_interval(hours => $1)`,
        [this.options.retentionHours],
      );
      return count;
    } catch (error) {
      this.options.log(error, 'purging live events');
      return 0;
    }
  }

  private deliver(event: LiveEvent): void {
    if (this.heard.has(event.id)) return;
    const now = Date.now();
    this.heard.set(event.id, now);
    this.lastId = Math.max(this.lastId, event.id);
    // Oldest first in a Map: forget what is older than REMEMBERED_MS.
    for (const [id, at] of this.heard) {
      if (at > now - REMEMBERED_MS) break;
      this.heard.delete(id);
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log(error, 'delivering a live event');
      }
    }
  }

  private async run(): Promise<void> {
    let retryMs = 100;
    while (!this.stopped) {
      const client = new Client({
        ...this.options.connection,
        connectionTimeoutMillis: 10_000,
        keepAlive: true,
        application_name: 'guazhi-live',
      });
      // Without a listener, a lost connection would crash the process (PITFALLS).
      const lost = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          this.freshnessNow = null;
          if (!this.stopped) this.options.log(error, 'LISTEN connection lost');
          resolve();
        });
        client.on('end', () => {
          this.freshnessNow = null;
          resolve();
        });
      });
      let heartbeat: NodeJS.Timeout | undefined;
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel !== LIVE_CHANNEL || !message.payload) return;
          try {
            this.deliver(eventOf(JSON.parse(message.payload) as LiveEvent));
          } catch (error) {
            this.options.log(error, 'reading a live event');
          }
        });
        const listenedAt = Date.now();
        await client.query(`LISTEN ${LIVE_CHANNEL}`);
        if (this.stopped) break;
        this.client = client;
        await this.catchUp();
        this.everConnected = true;
        const connection = ++this.connections;
        this.freshnessNow = { connection, provenAt: listenedAt };
        this.markReady();
        retryMs = 100;
        heartbeat = this.heartbeat(client, connection);
        await lost;
      } catch (error) {
        if (!this.stopped) this.options.log(error, 'LISTEN connection failed');
      } finally {
        this.freshnessNow = null;
        clearInterval(heartbeat);
        if (this.client === client) this.client = null;
        await client.end().catch(() => undefined);
      }
      if (this.everConnected && this.lostAt === null) this.lostAt = Date.now();
      if (this.stopped) break;
      await sleep(retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  /**
   * Proves the connection alive every HEARTBEAT_MS (`freshness`); a connection that silently died
   * (no RST) is found by a heartbeat failing or staying unanswered, and ended: the loop reconnects.
   */
  private heartbeat(client: Client, connection: number): NodeJS.Timeout {
    let pendingSince: number | null = null;
    const end = () => {
      this.freshnessNow = null;
      void client.end().catch(() => undefined);
    };
    return setInterval(() => {
      if (pendingSince !== null) {
        if (Date.now() - pendingSince > HEARTBEAT_TIMEOUT_MS) end();
        return;
      }
      const sentAt = (pendingSince = Date.now());
      client.query('SELECT 1').then(() => {
        pendingSince = null;
        if (this.freshnessNow?.connection === connection)
          this.freshnessNow = { connection, provenAt: sentAt };
      }, end);
    }, HEARTBEAT_MS).unref();
  }

  /**
   * After a reconnect: the events published while the connection was down. Ids are taken when a
   * row is inserted, not when it commits, so an event with a lower id than the last one heard may
   * commit later: those of transactions running when the last one heard was published (as
   * `replay` reads them), and rows created since shortly before the loss, are read again too, and
   * those already heard are dropped.
   */
  private async catchUp(): Promise<void> {
    if (!this.everConnected) {
      const [{ max }]: { max: string | null }[] = await this.dataSource.query(
        'SELECT max(id) AS max FROM live_event',
      );
      this.lastId = Math.max(this.lastId, Number(max ?? 0));
      return;
    }
    const since = new Date((this.lostAt ?? Date.now()) - CATCH_UP_LOOKBACK_MS);
    this.lostAt = null;
    const late = await this.lateOf(this.lastId);
    const rows: { id: string; topic: string; payload: unknown }[] = await this.dataSource.query(
      `SELECT id, topic, payload FROM live_event
        WHERE id > $1 OR created_at > $2 OR xid = ANY($3::xid8[]) OR xid >= $4::xid8
        ORDER BY id`,
      [this.lastId, since, late.running, late.startedAfter],
    );
    for (const row of rows) this.deliver(eventOf(row));
  }
}
