import { badInput, codedError, ErrorCode } from '../../common/errors';
import type { Viewer } from '../../common/viewer';
import { contextFor, type Context } from '../../context';
import type { ObjectLiteral } from 'typeorm';
import type { Loaders } from '../../common/loaders';
import { LiveFanOut, type LiveSource, type Readable, type Subscriber } from './live-fanout';
import { MAX_REPLAY, type LiveHub } from './live-hub';
import type { LiveSession } from './live-session';

export type { LiveSource } from './live-fanout';

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

/**
 * Makes `ctx` the context of a new request by `viewer`, reading with `loaders`: those the event
 * was read with for the viewer's rights (fresh for the batch of events, shared by the
 * subscribers with these rights).
 */
function renew(ctx: Context, viewer: Viewer, loaders: Loaders): void {
  const fresh = contextFor(ctx, viewer, ctx.clientIp);
  Object.assign(ctx, {
    requestId: fresh.requestId,
    viewer: fresh.viewer,
    loaders,
    signIn: fresh.signIn,
  });
}

const fanOuts = new WeakMap<LiveHub, LiveFanOut>();

/** The fan-out of the process's hub (one per hub, made by its first subscription). */
function fanOutOf(ctx: Context, hub: LiveHub): LiveFanOut {
  let fanOut = fanOuts.get(hub);
  if (!fanOut) {
    fanOut = new LiveFanOut(hub, ctx.dataSource, ctx.registry.nodes);
    fanOuts.set(hub, fanOut);
  }
  return fanOut;
}

/**
 * The events of `source` for one subscriber: first those kept after `afterEventId` (a client
 * resuming: live-hub.ts `replay`, which also reads those committed late), then live ones, each
 * once. Every event is read once for all subscribers (live-fanout.ts) and reaches this one only
 * if it may read the record, so only events it may read wait in its queue. Before each event is
 * delivered the connection's credentials are verified again (live-session.ts) and `ctx` is
 * renewed for the viewer they give, its loaders those the event was read with, so the selection
 * reads as a query would. graphql-js executes the selection on each value with this same `ctx`
 * object, one event at a time. Ends when the connection's credentials no longer hold, when the
 * client completes it, or with RESYNC_REQUIRED when more than `maxPending` events wait (or a
 * batch could not be read): `afterEventId` in the error's extensions resumes with nothing lost.
 */
export function liveStream<T, R extends ObjectLiteral>(
  ctx: Context,
  source: LiveSource<T, R>,
  afterEventId: number | null,
): AsyncIterableIterator<Delivered<T>> {
  const session = liveSessionOf(ctx);
  const fanOut = fanOutOf(ctx, session.hub);
  const pending: Readable[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  /** Set when the subscriber fell behind: resume after this event id. */
  let resyncAfter: number | null = null;
  /**
   * The last event delivered, or where this subscription began: `afterEventId`, else the last
   * event the process had heard before it listened (read here, before `fanOut.add`). A resync
   * starts again there. Not the lowest id waiting less one: an event with a lower id may commit
   * later, unseen yet, and that id's replay leaves it out (or the id is of no event at all).
   */
  let lastDelivered = afterEventId ?? session.hub.lastHeard;
  const finish = () => {
    done = true;
    remove();
    wake?.();
  };
  /** Drops what waits and ends with RESYNC_REQUIRED, resuming before anything dropped. */
  const fallBehind = () => {
    if (done) return;
    resyncAfter = lastDelivered;
    pending.length = 0;
    finish();
  };
  const subscriber: Subscriber = {
    source: source as unknown as LiveSource<unknown>,
    session,
    accept(events) {
      if (done || events.length === 0) return;
      if (pending.length + events.length > session.maxPending) return fallBehind();
      pending.push(...events);
      wake?.();
    },
    fail: fallBehind,
    finish,
  };
  // Listening first, then reading what is kept: an event committed meanwhile is in one or both.
  const remove = fanOut.add(subscriber);
  const replayed = new Set<number>();
  /** Where the next page of kept events starts, while the last page read was full. */
  let morePagesAfter: number | null = null;
  const readKept = async (cursor: number | null): Promise<Readable[]> => {
    const events = await session.hub.replay(source.topic, afterEventId!, cursor);
    morePagesAfter = events.length === MAX_REPLAY ? events[events.length - 1].id : null;
    for (const e of events) replayed.add(e.id);
    return fanOut.readFor(subscriber, events);
  };
  let replay: Promise<Readable[]> | null = afterEventId === null ? null : readKept(null);
  // A subscription completed before its first event never awaits the replay: its failure is moot.
  replay?.catch(() => undefined);
  const backlog: Readable[] = [];

  const nextEvent = async (): Promise<Readable | null> => {
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
      const next = pending.shift();
      if (next) {
        if (!replayed.has(next.event.id)) return next;
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
        const next = await nextEvent();
        if (!next) break;
        // Verified again (at most once a second per connection): a revoked credential ends it.
        const viewer = await session.viewerFor(next.event.id);
        if (!viewer) {
          finish();
          break;
        }
        renew(ctx, viewer, next.loaders);
        const value = await source.deliver(ctx, next.record as R, next.event.payload);
        if (done) break;
        lastDelivered = next.event.id;
        if (value !== null)
          return { done: false, value: { eventId: String(next.event.id), value } };
      }
      finish();
      if (resyncAfter !== null)
        throw codedError(
          {
            en: `More than ${session.maxPending} events waiting: subscribe again with afterEventId ${resyncAfter}`,
            zh: `待推送事件超过 ${session.maxPending} 条：请带 afterEventId ${resyncAfter} 重新订阅`,
          },
          { code: ErrorCode.RESYNC_REQUIRED, afterEventId: String(resyncAfter) },
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
