import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type DocumentNode, getOperationAST, GraphQLError, parse } from 'graphql';
import type { Config } from '../../config';
import { BoundedCache } from '../bounded-cache';
import { codedError, ErrorCode, localizedMessage } from '../errors';
import { negotiateLocale } from '../text';
import { documentTooComplex, exceededBound, measureDocument } from './document-bounds';

/** The GraphQL request's text and operation name, from a POST body or a GET query string. */
function requestOf(req: Request): { query: unknown; operationName: unknown } {
  const source = (req.method === 'GET' ? req.query : req.body) as
    Record<string, unknown> | undefined;
  return { query: source?.query, operationName: source?.operationName };
}

function refuse(res: Response, error: GraphQLError): void {
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  const message = localizedMessage(error, negotiateLocale(res.req));
  res.status(400).json({ errors: [{ message, extensions }] });
}

/**
 * Refuses, before Apollo validates anything, a document over its bounds (DOCUMENT_TOO_COMPLEX)
 * and any subscription (SUBSCRIPTIONS_NOT_SUPPORTED: they are served over WebSocket, by
 * live/live-server.ts, on the same path), both HTTP 400.
 *
 * Why middleware and not an Apollo plugin: an error thrown from `validationDidStart` (the last
 * hook before graphql-js validates) is answered by Apollo 5 as an unexpected HTTP 500, and no
 * earlier hook has the parsed document. The price is a second parse, once per text (cached
 * below), linear and bounded by the token limits: measured on this 2-core machine under load,
 * 3 ms for the 15 KB document of 700 repeated selections (whose validation took 0.2–1.1 s), and
 * an anonymous document stops at 300 tokens.
 *
 * Callers with an Authorization header get the signed-in bounds: a bad credential is refused
 * when Apollo builds the context, before it parses or validates anything.
 */
export function documentGuard(config: Config): RequestHandler {
  // The answer for a text, by the bounds it was judged with and the operation asked for: the same
  // dashboard document all day is parsed and measured once. Only short texts are kept, so the
  // cache stays small (at most MAX_CACHED × MAX_CACHED_LENGTH characters).
  const judged = new BoundedCache<string, GraphQLError | null>(MAX_CACHED);
  return (req: Request, res: Response, next: NextFunction) => {
    const { query, operationName } = requestOf(req);
    if (typeof query !== 'string') return next();
    const signedIn = Boolean(req.headers.authorization) || config.anonymousIntrospection;
    const name = typeof operationName === 'string' ? operationName : '';
    // Length-prefixed, so that no name and text can pass for another name and text.
    const key =
      query.length + name.length <= MAX_CACHED_LENGTH
        ? `${signedIn ? 1 : 0}${name.length}:${name}${query}`
        : null;
    const known = key === null ? undefined : judged.get(key);
    const verdict = known !== undefined ? known : judge(config, signedIn, query, operationName);
    if (verdict === undefined) return next(); // Apollo answers the syntax error itself
    if (key !== null && known === undefined) judged.set(key, verdict);
    if (verdict) return refuse(res, verdict);
    next();
  };
}

const MAX_CACHED = 500;
const MAX_CACHED_LENGTH = 10_000;

/** The refusal of a document, null when it may go on, undefined when it does not parse. */
function judge(
  config: Config,
  signedIn: boolean,
  query: string,
  operationName: unknown,
): GraphQLError | null | undefined {
  const bounds = signedIn ? config.documentBounds.signedIn : config.documentBounds.anonymous;
  // Anonymous documents are tiny (a sign-in): the parser stops at their own token bound.
  const maxTokens = signedIn ? config.maxTokens : config.documentBounds.anonymousTokens;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch (error) {
    if (!signedIn && /more tha\w* \d+ tokens/.test((error as Error).message))
      return documentTooComplex({ bound: 'tokens', value: maxTokens + 1, max: maxTokens });
    return undefined;
  }
  const operation = getOperationAST(
    document,
    typeof operationName === 'string' ? operationName : undefined,
  );
  if (operation?.operation === 'subscription') {
    return codedError(
      {
        en: 'Subscriptions are not served over HTTP: open a WebSocket (graphql-ws protocol, graphql-transport-ws) to this same URL, ws://…/graphql or wss://…/graphql, and sign in in connection_init',
        zh: '订阅（subscription）不通过 HTTP 提供：请用 WebSocket（graphql-ws 协议，graphql-transport-ws）连接同一地址 ws://…/graphql 或 wss://…/graphql，并在 connection_init 中登录',
      },
      { code: ErrorCode.SUBSCRIPTIONS_NOT_SUPPORTED },
    );
  }
  const exceeded = exceededBound(measureDocument(document, bounds), bounds);
  return exceeded ? documentTooComplex(exceeded) : null;
}
