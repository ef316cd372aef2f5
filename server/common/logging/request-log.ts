import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
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
 * One JSON line per request (pino-http): request id, operation, role, status, duration. The id is
 * also the `X-Request-Id` response header, and the request's logger is reachable through
 * `currentRequest()` for the error lines written while serving it.
 */
export function requestLogging(logger: Logger): RequestHandler[] {
  const http = pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value) => lineOf(req, res, value.durationMs as number),
    customErrorObject: (req, res, _error, value) => lineOf(req, res, value.durationMs as number),
  });
  const facts = (req: Request, _res: Response, next: NextFunction) => {
    const requestFacts: RequestFacts = {
      requestId: String(req.id),
      log: req.log,
      locale: negotiateLocale(req),
    };
    (req as WithFacts)[FACTS] = requestFacts;
    store.run(requestFacts, next);
  };
  return [http, facts];
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
