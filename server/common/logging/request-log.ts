import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DEFAULT_LOCALE, negotiateLocale, type Locale } from '../text';
import type { Viewer } from '../viewer';
import type { Logger } from './logger';

/** What the log line of one request says, filled in as the request goes. */
export interface RequestFacts {
  requestId: string;
  /** The request's logger: every line carries `requestId`. */
  log: Logger;
  /** GraphQL operation name, or the route; the caller's role (`ANONYMOUS` before sign-in). */
  operation?: string;
  role?: string;
  /** The language of the answer's messages, from `Accept-Language` (server/common/text.ts). */
  locale: Locale;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id (`requestLogging`): `X-Request-Id`, the log lines, `extensions.requestId`. */
    id?: string;
  }
}

const FACTS = Symbol('guazhi.requestFacts');
type WithFacts = IncomingMessage & { [FACTS]?: RequestFacts; originalUrl?: string };

const store = new AsyncLocalStorage<RequestFacts>();

/** The request being served, when called from inside one (error formatting, error logs). */
export function currentRequest(): RequestFacts | undefined {
  return store.getStore();
}

/** The locale of the request being served; English outside one (tools, the seed). */
export function currentLocale(): Locale {
  return store.getStore()?.locale ?? DEFAULT_LOCALE;
}

/**
 * The request's locale as `requestLogging` negotiated it (Negotiator parses `Accept-Language`
 * anew each time: once per request is enough); negotiated here for a request it did not see.
 */
export function localeOf(req: Request): Locale {
  return (req as WithFacts)[FACTS]?.locale ?? negotiateLocale(req);
}

/** Records the caller's role on the request's log line. */
export function noteViewer(req: IncomingMessage, viewer: Viewer | null): void {
  const facts = (req as WithFacts)[FACTS];
  if (facts) facts.role = viewer?.role ?? 'ANONYMOUS';
}

/** A client's own request id is kept when it is short and plain; anything else gets a new one. */
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function lineOf(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const facts = (req as WithFacts)[FACTS];
  return {
    method: req.method,
    // The path only: a query string may carry a GraphQL document or an export filter.
    path: ((req as WithFacts).originalUrl ?? req.url ?? '').split('?')[0],
    operation: facts?.operation,
    role: facts?.role ?? 'ANONYMOUS',
    status: res.statusCode,
    durationMs,
  };
}

/**
 * One JSON line per request: request id, operation, role, status, duration. The id is also the
 * `X-Request-Id` response header, and the request's logger is reachable through `currentRequest()`
 * for the error lines written while serving it.
 *
 * Written here rather than with pino-http, which made two child loggers per request (one binding
 * the whole request object, run through the redaction) whether or not a line was ever written:
 * with a `warn` level that was ~7 % of a trivial request's CPU (profile, issue #12). Here the
 * request's child logger is made only when something logs on it, and the request line only when
 * its level is enabled; the line is the one pino-http wrote.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId =
      typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    req.id = requestId;
    const startedAt = Date.now();
    let log: Logger | undefined;
    const requestFacts: RequestFacts = {
      requestId,
      get log() {
        return (log ??= logger.child({ requestId }));
      },
      locale: negotiateLocale(req),
    };
    (req as WithFacts)[FACTS] = requestFacts;
    // Once, on whichever comes first: finished, connection closed (client gone), or failed.
    let logged = false;
    const done = (error?: Error) => {
      if (logged) return;
      logged = true;
      const failed = !!error || res.statusCode >= 500;
      const level = failed ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const line = lineOf(req, res, Date.now() - startedAt);
      requestFacts.log[level](line, failed ? 'request failed' : 'request completed');
    };
    res.once('finish', done);
    res.once('close', done);
    res.once('error', done);
    store.run(requestFacts, next);
  };
}

/**
 * Re-enters the request's facts: a body parser's stream events run outside the async context the
 * request started in, so handlers after one call this to find `currentRequest()` again.
 */
export function reenterRequest(req: Request, _res: Response, next: NextFunction): void {
  const facts = (req as WithFacts)[FACTS];
  if (facts) store.run(facts, next);
  else next();
}

/** Names the GraphQL operation and the caller's role on the request's log line. */
export function requestLogPlugin<
  TContext extends { viewer: Viewer | null },
>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation }) {
          const facts = currentRequest();
          if (facts)
            facts.operation = operationName ?? `(anonymous ${operation?.operation ?? 'operation'})`;
        },
        async willSendResponse({ contextValue }) {
          const facts = currentRequest();
          // After a login the viewer is the signed-in user; the request came in as it was noted.
          if (facts && !facts.role) facts.role = contextValue.viewer?.role ?? 'ANONYMOUS';
        },
      };
    },
  };
}
