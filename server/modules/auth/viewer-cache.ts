import { BoundedCache } from '../../common/bounded-cache';

/**
 * What the cache needs of the process's LISTEN connection (live/live-hub.ts): the `viewer` events
 * (auth/sql/viewer-events.sql: a user's role, unit, cadre, username, activity, one-time password
 * or token version changed, or the user was deleted) and how far they are known to be complete.
 */
export interface ViewerEvents {
  subscribe(
    listener: (event: { topic: string; payload: Record<string, unknown> }) => void,
  ): () => void;
  /** Null while not listening; else the connection and when every commit before was heard. */
  freshness(): { connection: number; provenAt: number } | null;
}

/**
 * How old the proof that every notification has arrived may be (LiveHub heartbeats every second):
 * past this, a connection that died without a word may be losing notifications, and the rows are
 * read from the database again.
 */
export const TRUST_MS = 2_500;
/** Users whose rows are kept: about the users active at once. */
const MAX_ROWS = 10_000;

/**
 * The rows of signed-in users that bearer tokens are checked against, kept between requests so
 * that a request does not wait for a database round trip to learn who it is (issue #12). A row is
 * used only while it cannot be stale:
 * - every change of a user's row publishes a `viewer` event in its own transaction (a trigger, so
 *   whichever service or instance makes it); every instance hears it on its LISTEN connection
 *   and forgets that row;
 * - this instance forgets every row after each mutation it commits (`forgetAll`, from
 *   runMutation), so its own changes (a logout, a deactivation) count from the next request
 *   even before their notification arrives;
 * - rows are used only while the LISTEN connection is up and has proved within TRUST_MS that
 *   every notification committed before has arrived (`ViewerEvents.freshness`); when it is down,
 *   reconnecting, or late, every lookup reads the database, and a new connection starts empty;
 * - a row read while a change committed is not kept (`epoch`), nor one read on another
 *   connection than the one it would be kept under.
 * What remains: a change committed by another instance is used here until its notification
 * arrives (normally milliseconds), and at most TRUST_MS if the LISTEN connection dies silently.
 */
export class ViewerCache<Row extends { id: number }> {
  private readonly rows = new BoundedCache<number, Row>(MAX_ROWS);
  /** Counts the forgetting: a row read across one is not kept. */
  private epoch = 0;
  /** The LISTEN connection the kept rows were read under. */
  private connection: number | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly events: ViewerEvents) {
    this.unsubscribe = events.subscribe((event) => {
      if (event.topic !== 'viewer') return;
      const userId = event.payload.userId;
      if (typeof userId === 'number') {
        this.rows.delete(userId);
        this.epoch++;
      }
    });
  }

  /** The user's row: kept, or read by `load` (and kept if it may be). */
  async read(id: number, load: (id: number) => Promise<Row | null>): Promise<Row | null> {
    const before = this.trustedConnection();
    if (before !== null) {
      const kept = this.rows.get(id);
      if (kept) return kept;
    }
    const epoch = this.epoch;
    const row = await load(id);
    if (row && before !== null && this.trustedConnection() === before && epoch === this.epoch)
      this.rows.set(id, row);
    return row;
  }

  /** Forgets every row: this instance committed a change that may concern one. */
  forgetAll(): void {
    this.rows.clear();
    this.epoch++;
  }

  stop(): void {
    this.unsubscribe();
    this.forgetAll();
  }

  /** The LISTEN connection if its notifications are proven complete; null (and forgetting) if not. */
  private trustedConnection(): number | null {
    const freshness = this.events.freshness();
    const trusted = freshness !== null && Date.now() - freshness.provenAt <= TRUST_MS;
    const connection = trusted ? freshness.connection : null;
    if (connection !== this.connection) {
      this.forgetAll();
      this.connection = connection;
    }
    return connection;
  }
}
