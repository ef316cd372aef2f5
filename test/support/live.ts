import WebSocket from 'ws';
import {
  createGuazhiClient,
  type GraphQLErrorEntry,
  type GuazhiClient,
  type GuazhiError,
  type LiveHandlers,
  type LiveSubscription,
} from '../../sdk/src';

/** Generous: an event normally arrives in milliseconds; a slow CI machine must not fail. */
export const EVENT_TIMEOUT_MS = 20_000;

/** An SDK client whose subscriptions use the `ws` package (Node 20 has no global WebSocket). */
export function liveClient(url: string, token: string): GuazhiClient {
  return createGuazhiClient({
    url,
    token,
    live: { webSocketImpl: WebSocket, retryDelayMs: 100, maxRetryDelayMs: 500 },
  });
}

/** What a subscription delivered, and how it ended; `next(n)` waits for the n-th event. */
export interface Collected<T> {
  events: { data: T; errors: GraphQLErrorEntry[]; at: number }[];
  ended: Promise<GuazhiError | null>;
  reconnects: number;
  subscription: LiveSubscription;
  /** Resolves with the first `count` events once they arrived (rejects after EVENT_TIMEOUT_MS). */
  first(count: number): Promise<{ data: T; errors: GraphQLErrorEntry[]; at: number }[]>;
}

/** Starts `method(variables, handlers)` (a `client.subscriptions` method) and collects what it delivers. */
export function collect<V, T>(
  method: (variables: V, handlers: LiveHandlers<T>) => LiveSubscription,
  variables: V,
): Collected<T> {
  const waiters: (() => void)[] = [];
  let end!: (error: GuazhiError | null) => void;
  const ended = new Promise<GuazhiError | null>((resolve) => (end = resolve));
  const collected = {
    events: [] as Collected<T>['events'],
    ended,
    reconnects: 0,
  } as Collected<T>;
  collected.subscription = method(variables, {
    next(data, errors) {
      collected.events.push({ data, errors, at: Date.now() });
      for (const wake of waiters.splice(0)) wake();
    },
    error: (error) => end(error),
    complete: () => end(null),
    reconnecting: () => collected.reconnects++,
  });
  collected.first = async (count) => {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    while (collected.events.length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `${collected.events.length} of ${count} events after ${EVENT_TIMEOUT_MS} ms`,
        );
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        new Promise((resolve) => setTimeout(resolve, Math.min(left, 500))),
        ended.then(() => undefined),
      ]);
      if (collected.events.length < count && (await settled(ended)))
        throw new Error(`subscription ended after ${collected.events.length} of ${count} events`);
    }
    return collected.events.slice(0, count);
  };
  return collected;
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(marker)])) !== marker;
}

/** Waits for a promise, failing after EVENT_TIMEOUT_MS with `what`. */
export async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${what}: nothing after ${EVENT_TIMEOUT_MS} ms`)),
          EVENT_TIMEOUT_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** One raw graphql-ws exchange, to see close codes and refusals the SDK turns into errors. */
export interface RawSocket {
  /** The server's answer to connection_init: acknowledged, or closed with a code. */
  init(
    payload?: Record<string, unknown>,
  ): Promise<{ ack: true } | { closed: number; reason: string }>;
  /** Sends a subscribe and resolves with the first answer (next or error) or the close. */
  subscribe(
    id: string,
    query: string,
    variables?: Record<string, unknown>,
    /** More fields of the payload (a trusted document's `documentId`). */
    extra?: Record<string, unknown>,
  ): Promise<{ type: string; payload?: unknown } | { closed: number; reason: string }>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function rawSocket(url: string): Promise<RawSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const nextMessage = (match: (m: { type: string; id?: string }) => boolean) =>
    new Promise<{ type: string; payload?: unknown } | { closed: number; reason: string }>(
      (resolve) => {
        const onMessage = (raw: WebSocket.RawData) => {
          const message = JSON.parse(String(raw)) as {
            type: string;
            id?: string;
            payload?: unknown;
          };
          if (!match(message)) return;
          socket.off('message', onMessage);
          resolve(message);
        };
        socket.on('message', onMessage);
        void closed.then(({ code, reason }) => {
          socket.off('message', onMessage);
          resolve({ closed: code, reason });
        });
      },
    );
  return {
    closed,
    async init(payload) {
      const answer = nextMessage((m) => m.type === 'connection_ack');
      socket.send(JSON.stringify({ type: 'connection_init', payload }));
      const got = await answer;
      return 'closed' in got ? got : { ack: true };
    },
    subscribe(id, query, variables, extra) {
      const answer = nextMessage((m) => m.id === id && m.type !== 'complete');
      socket.send(
        JSON.stringify({ id, type: 'subscribe', payload: { ...extra, query, variables } }),
      );
      return answer;
    },
    close: () => socket.close(),
  };
}
