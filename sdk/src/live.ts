/**
 * Subscriptions (实时推送) over WebSocket with the graphql-ws protocol, on the same URL as HTTP
 * GraphQL. Kept apart from the fetch client: nothing here runs until a subscription starts, and
 * it needs a WebSocket (the global one in browsers, React Native and Node ≥ 22; in Node 20 pass
 * `webSocketImpl`, e.g. the `ws` package).
 */
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import { GuazhiError, type GraphQLErrorEntry } from './errors';
import type { subscriptions } from './generated/graphql';

/** Close codes the server ends a connection with (server/modules/live/live-session.ts). */
const UNAUTHORIZED = 4401;
const TOO_MANY_CONNECTIONS = 4429;
/** graphql-ws's own codes for a request it will never accept, and an internal error. */
const FATAL = new Set([4400, 4500, 4004, 4005, 4406, 4409]);
/**
 * Event ids a subscription remembers, to deliver an event replayed after a resume once: a resume
 * reads again the events of transactions that were running with the last one seen (some of which
 * it saw already).
 */
const REMEMBERED_EVENTS = 20_000;
/** The code of a subscription the server ended because it fell behind: resumed at once. */
const RESYNC_REQUIRED = 'RESYNC_REQUIRED';

export interface LiveOptions {
  /** The WebSocket URL; by default the GraphQL URL with http(s) turned into ws(s). */
  wsUrl?: string;
  /** A WebSocket class where there is no global one (Node 20: `import WebSocket from 'ws'`). */
  webSocketImpl?: unknown;
  /** First wait before reconnecting (doubled each time, at most `maxRetryDelayMs`). Default 250 ms. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** What a subscription calls: each event, and how it ended. */
export interface LiveHandlers<TData> {
  /** One event. `errors` lists the fields the viewer may not read (they are null in `data`). */
  next(data: TData, errors: GraphQLErrorEntry[]): void;
  /**
   * The subscription ended for good: refused (NOT_FOUND, FORBIDDEN …), credentials revoked
   * (UNAUTHENTICATED), or the server will not take it. Not called for a lost connection: the
   * client reconnects by itself and resumes after the last event seen.
   */
  error?(error: GuazhiError): void;
  /** The subscription ended without an error (`unsubscribe`, or the server completed it). */
  complete?(): void;
  /** The connection was lost and is being made again (to this or another server instance). */
  reconnecting?(attempt: number): void;
  /**
   * The server ended the subscription because more events waited for it than it keeps
   * (RESYNC_REQUIRED, `GUAZHI_WS_MAX_PENDING`): it is made again at once, resuming after the last
   * event seen, so nothing is lost (events kept for the retention); a dashboard may take this as
   * a hint to reload instead.
   */
  resync?(): void;
}

export interface LiveSubscription {
  /** Ends the subscription. */
  unsubscribe(): void;
  /** The `eventId` of the last event delivered, passed as `afterEventId` when resuming. */
  readonly lastEventId: string | null;
}

type Subscriptions = typeof subscriptions;

/** One method per generated subscription: `client.subscriptions.postingChanged(variables, handlers)`. */
export type SubscriptionMethods = {
  [K in keyof Subscriptions]: (
    variables: Omit<VariablesOf<Subscriptions[K]>, 'afterEventId'> & {
      afterEventId?: string | null;
    },
    handlers: LiveHandlers<ResultOf<Subscriptions[K]>>,
  ) => LiveSubscription;
};

interface CloseLike {
  code: number;
  reason: string;
}

const isClose = (value: unknown): value is CloseLike =>
  typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;

function wsUrlOf(url: string): string {
  return url.replace(/^http(s?):/i, 'ws$1:');
}

/** The WebSocket side of a client: one connection, shared by its subscriptions, made lazily. */
export class LiveConnection {
  private client: Client | null = null;

  constructor(
    private readonly url: string,
    private readonly credential: () => string | null,
    private readonly options: LiveOptions = {},
  ) {}

  private connection(): Client {
    this.client ??= createClient({
      url: this.options.wsUrl ?? wsUrlOf(this.url),
      webSocketImpl: this.options.webSocketImpl,
      lazy: true,
      // Reconnection is ours (`subscribe`), so that each subscription resumes after its last event.
      retryAttempts: 0,
      keepAlive: 10_000,
      connectionParams: () => {
        const credential = this.credential();
        if (!credential) return {};
        return credential.startsWith('gzk_')
          ? { apiKey: credential }
          : { authorization: `Bearer ${credential}` };
      },
    });
    return this.client;
  }

  /**
   * Runs `document` until it ends: on a lost connection (a server instance stopped or died, the
   * network dropped) it reconnects with growing waits and subscribes again with `afterEventId` =
   * the last event seen, so no kept event is missed.
   */
  subscribe<TData>(
    document: { toString(): string },
    variables: Record<string, unknown>,
    handlers: LiveHandlers<TData>,
    documentId: string | null = null,
  ): LiveSubscription {
    // A trusted document goes by its id; graphql-ws wants a `query` string, so it is empty.
    const query = documentId ? '' : document.toString();
    let lastEventId = (variables.afterEventId as string | null | undefined) ?? null;
    const delivered = new Set<string>();
    let stopped = false;
    let dispose: (() => void) | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const first = this.options.retryDelayMs ?? 250;
    const most = this.options.maxRetryDelayMs ?? 5_000;

    const end = (error?: GuazhiError) => {
      if (stopped) return;
      stopped = true;
      if (error) handlers.error?.(error);
      else handlers.complete?.();
    };
    const retry = () => {
      attempt++;
      handlers.reconnecting?.(attempt);
      const wait = Math.min(most, first * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      timer = setTimeout(start, wait);
    };
    const start = () => {
      timer = null;
      if (stopped) return;
      dispose = this.connection().subscribe<TData>(
        {
          query,
          variables: { ...variables, afterEventId: lastEventId },
          ...(documentId ? { documentId } : {}),
        },
        {
          next: (result) => {
            attempt = 0;
            const data = (result.data ?? null) as TData | null;
            const errors = (result.errors ?? []) as GraphQLErrorEntry[];
            if (data === null) return end(new GuazhiError(errors, null, null));
            const root = Object.values(data as Record<string, unknown>)[0] as
              { eventId?: unknown } | undefined;
            if (typeof root?.eventId === 'string') {
              // Events arrive in commit order, ids in publication order: a resume after a lower
              // id than one already seen replays that one again, delivered once only.
              if (delivered.has(root.eventId)) return;
              delivered.add(root.eventId);
              if (delivered.size > REMEMBERED_EVENTS)
                delivered.delete(delivered.values().next().value as string);
              lastEventId = root.eventId;
            }
            handlers.next(data, errors);
          },
          error: (failure: unknown) => {
            if (stopped) return;
            if (Array.isArray(failure)) {
              const [first] = failure as GraphQLErrorEntry[];
              if (first?.extensions?.code === RESYNC_REQUIRED) {
                const after = first.extensions.afterEventId;
                lastEventId ??= typeof after === 'string' ? after : null;
                handlers.resync?.();
                return start();
              }
              return end(new GuazhiError(failure as GraphQLErrorEntry[], null, null));
            }
            if (isClose(failure)) {
              const code =
                failure.code === UNAUTHORIZED
                  ? 'UNAUTHENTICATED'
                  : failure.code === TOO_MANY_CONNECTIONS
                    ? 'RATE_LIMITED'
                    : FATAL.has(failure.code)
                      ? 'INTERNAL_SERVER_ERROR'
                      : null;
              if (code)
                return end(
                  new GuazhiError(
                    [{ message: `${failure.code}: ${failure.reason}`, extensions: { code } }],
                    null,
                    null,
                  ),
                );
            }
            retry();
          },
          // A lost connection arrives above as an error (a close event); this is a real end.
          complete: () => end(),
        },
      );
    };
    start();
    return {
      unsubscribe: () => {
        if (timer) clearTimeout(timer);
        dispose?.();
        end();
      },
      get lastEventId() {
        return lastEventId;
      },
    };
  }

  /** Closes the WebSocket (subscriptions end); the next subscription opens a new one. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.dispose();
  }
}
