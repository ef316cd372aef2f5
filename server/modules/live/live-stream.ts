import { badInput, codedError, ErrorCode } from '../../common/errors';
import type { Viewer } from '../../common/viewer';
import { contextFor, type Context } from '../../context';
import { MAX_REPLAY, type LiveEvent } from './live-hub';
import type { LiveSession } from './live-session';

/** Events one subscription may have waiting before it is ended as too slow. */
const MAX_PENDING = 10_000;

/** What one subscription listens to, and how it reads what an event is about. */
export interface LiveSource<T> {
  topic: string;
  /** Whether an event of the topic concerns this subscription (its arguments), from the payload alone. */
  matches(payload: LiveEvent['payload']): boolean;
  /**
   * What the event is about, read as the subscriber through `ctx` (fresh for the event: its viewer
   * verified again, new loaders, so row scopes and field rules apply as for a query); null when
   * the subscriber may not read it, and the event is not delivered.
   */
  read(ctx: Context, payload: LiveEvent['payload']): Promise<T | null>;
}

/** One delivered event: its live_event id (for `afterEventId` on reconnect) and its record. */
export interface Delivered<T> {
  eventId: string;
  value: T;
}

/** A subscription's context: one built for a WebSocket connection (live/live-server.ts). */
export type LiveContext = Context & { live: LiveSession };

function liveSessionOf(ctx: Context): LiveSession {
  const { live } = ctx;
  // HTTP refuses subscriptions before execution (cost/document-guard.ts): only WebSocket gets here.
  if (!live) throw new Error('A subscription runs on a WebSocket connection only');
  return live;
}

/** `afterEventId`: digits of a live_event id, or nothing. */
export function eventIdArg(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,14})$/.test(value))
    throw badInput(
      {
        en: 'afterEventId must be an event id seen before',
        zh: 'afterEventId 须为收到过的事件编号',
      },
      'afterEventId',
    );
  return Number(value);
}

/** Makes `ctx` the context of a new request by `viewer`: fresh loaders, nothing cached. */
function renew(ctx: Context, viewer: Viewer): void {
  const fresh = contextFor(ctx, viewer, ctx.clientIp);
  Object.assign(ctx, {
    requestId: fresh.requestId,
    viewer: fresh.viewer,
    loaders: fresh.loaders,
    signIn: fresh.signIn,
  });
}

/**
 * The events of `source` for one subscriber: first those kept after `afterEventId` (a client
 * resuming), then live ones, each once. Before each event the connection's credentials are
 * verified again and `ctx` is renewed for the viewer they give, so the event is read exactly as a
 * query would read it now; an event whose record the subscriber may not read is skipped. graphql-js
 * executes the subscription's selection on each value with this same `ctx` object, one event at a
 * time. Ends when the connection's credentials no longer hold, or when the client completes it.
 */
export function liveStream<T>(
  ctx: Context,
  source: LiveSource<T>,
  afterEventId: number | null,
): AsyncIterableIterator<Delivered<T>> {
  const session = liveSessionOf(ctx);
  const pending: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let overflowed = false;
  const unsubscribe = session.hub.subscribe((event) => {
    if (event.topic !== source.topic || !source.matches(event.payload)) return;
    // A subscriber that cannot keep up is ended rather than let its queue grow without bound.
    if (pending.length >= MAX_PENDING) {
      overflowed = true;
      finish();
      return;
    }
    pending.push(event);
    wake?.();
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  // Listening first, then reading what is kept: an event committed meanwhile is in one or both.
  const replayed = new Set<number>();
  /** Where the next page of kept events starts, while the last page read was full. */
  let morePagesAfter: number | null = null;
  const readKept = (after: number) =>
    session.hub.replay(source.topic, after).then((events) => {
      morePagesAfter = events.length === MAX_REPLAY ? events[events.length - 1].id : null;
      const mine = events.filter((e) => source.matches(e.payload));
      for (const e of mine) replayed.add(e.id);
      return mine;
    });
  let replay: Promise<LiveEvent[]> | null = afterEventId === null ? null : readKept(afterEventId);
  // A subscription completed before its first event never awaits the replay: its failure is moot.
  replay?.catch(() => undefined);
  const backlog: LiveEvent[] = [];

  const nextEvent = async (): Promise<LiveEvent | null> => {
    for (;;) {
      if (replay) {
        backlog.push(...(await replay));
        replay = null;
      }
      const kept = backlog.shift();
      if (kept) return kept;
      if (morePagesAfter === null) break;
      replay = readKept(morePagesAfter);
    }
    while (!done) {
      const event = pending.shift();
      if (event) {
        if (!replayed.has(event.id)) return event;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    return null;
  };

  const iterator: AsyncIterableIterator<Delivered<T>> = {
    async next() {
      while (!done) {
        const event = await nextEvent();
        if (!event) break;
        const viewer = await session.viewerFor(event.id);
        if (!viewer) {
          finish();
          break;
        }
        renew(ctx, viewer);
        const value = await source.read(ctx, event.payload);
        if (value !== null && !done)
          return { done: false, value: { eventId: String(event.id), value } };
      }
      finish();
      if (overflowed)
        throw codedError(
          {
            en: `More than ${MAX_PENDING} events waiting: subscribe again with afterEventId`,
            zh: `待推送事件超过 ${MAX_PENDING} 条：请带 afterEventId 重新订阅`,
          },
          { code: ErrorCode.RATE_LIMITED },
        );
      return { done: true, value: undefined };
    },
    async return() {
      finish();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
