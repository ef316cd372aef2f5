import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { TrustedDocumentsOnly } from '../../config';
import { codedError, ErrorCode, localizedMessage } from '../errors';
import { negotiateLocale } from '../text';
import type { Viewer } from '../viewer';
import type { TrustedDocuments } from './manifest';

/**
 * Trusted documents (可信文档, persisted documents): a request may name a manifest document by id
 * instead of sending its text (GraphQL-over-HTTP Appendix A), and chosen viewers may run nothing
 * else (README "Trusted documents").
 */

/** Requests whose text this middleware took from the manifest by its id. */
const RESOLVED = new WeakSet<Request>();

type Fields = Record<string, unknown>;

/** The document id a request names, where it names one (`documentId`, or Apollo's `persistedQuery`). */
function idOf(source: Fields): { id: unknown; viaExtension: boolean } | null {
  if (source.documentId !== undefined) return { id: source.documentId, viaExtension: false };
  let extensions = source.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions) as unknown; // a GET's query parameter
    } catch {
      return null; // Apollo answers the malformed parameter itself
    }
  }
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  // With a text it is an APQ registration, which Apollo refuses (APQ is off); without, a lookup.
  if (persisted && source.query === undefined)
    return { id: persisted.sha256Hash, viaExtension: true };
  return null;
}

function refuse(req: Request, res: Response, status: number, error: GraphQLError): void {
  const { http: _http, ...extensions } = error.extensions as Fields;
  res.status(status).json({
    errors: [
      {
        message: localizedMessage(error, negotiateLocale(req)),
        extensions: { ...extensions, requestId: String(req.id) },
      },
    ],
  });
}

/**
 * Express middleware before Apollo: a request naming a document id gets the manifest's text as
 * its `query`, so everything after (the document bounds, Apollo's parse and validation cache,
 * idempotency keys) sees an ordinary request. Unknown id: PERSISTED_QUERY_NOT_FOUND, HTTP 404;
 * an id and a text together, or an id that is not a string: BAD_REQUEST, HTTP 400.
 */
export function trustedDocumentRequests(trusted: TrustedDocuments): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const get = req.method === 'GET';
    const source = (get ? req.query : req.body) as unknown;
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return next();
    const named = idOf(source as Fields);
    if (!named) return next();
    // An empty `query` beside the id is no text (graphql-ws needs one there; so may a client).
    const query = (source as Fields).query;
    if (query !== undefined && query !== '')
      return refuse(
        req,
        res,
        400,
        codedError(
          {
            en: 'Send either `documentId` or `query`, not both',
            zh: '请只发送 `documentId` 或 `query` 之一，不要同时发送',
          },
          { code: 'BAD_REQUEST' },
        ),
      );
    if (typeof named.id !== 'string' || named.id === '')
      return refuse(
        req,
        res,
        400,
        codedError(
          {
            en: '`documentId` must be a trusted document’s id: a non-empty string such as `sha256:<hex>`',
            zh: '`documentId` 须为可信文档的标识：非空字符串，如 `sha256:<十六进制>`',
          },
          { code: 'BAD_REQUEST' },
        ),
      );
    const text = trusted.textOf(named.id);
    if (text === undefined) return refuse(req, res, 404, persistedDocumentNotFound(named.id));
    if (get) {
      const url = new URL(req.url, 'http://localhost');
      url.searchParams.delete('documentId');
      if (named.viaExtension) url.searchParams.delete('extensions');
      url.searchParams.set('query', text);
      req.url = `${url.pathname}${url.search}`;
    } else {
      const body = source as Fields;
      delete body.documentId;
      if (named.viaExtension) {
        const { persistedQuery: _persisted, ...rest } = body.extensions as Fields;
        if (Object.keys(rest).length > 0) body.extensions = rest;
        else delete body.extensions;
      }
      body.query = text;
    }
    RESOLVED.add(req);
    next();
  };
}

export function persistedDocumentNotFound(id: string): GraphQLError {
  return codedError(
    {
      en: `No trusted document has the id ${id.slice(0, 80)}: the client's operations are not registered on this server (an SDK of another version?)`,
      zh: `没有标识为 ${id.slice(0, 80)} 的可信文档：客户端的操作未在本服务器登记（SDK 版本不一致？）`,
    },
    { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
  );
}

/** Whether this viewer may run only manifest documents: its API key says so, or GUAZHI_TRUSTED_DOCUMENTS_ONLY. */
export function heldToTrustedDocuments(only: TrustedDocumentsOnly, viewer: Viewer | null): boolean {
  if (!viewer) return only.anonymous;
  return (
    viewer.trustedDocumentsOnly === true ||
    only.roles.includes(viewer.role) ||
    (viewer.apiKeyId !== null && only.apiKeys)
  );
}

/**
 * TRUSTED_DOCUMENT_REQUIRED (HTTP 403) for a viewer held to manifest documents who sent another
 * text; null when the request may go on. The exact text of a manifest document passes as its id
 * would (an SDK in text mode); anything else, GraphiQL's introspection included, does not.
 */
export function trustedDocumentRefusal(
  only: TrustedDocumentsOnly,
  trusted: TrustedDocuments,
  viewer: Viewer | null,
  text: unknown,
): GraphQLError | null {
  if (!heldToTrustedDocuments(only, viewer)) return null;
  // No text: nothing will run, and Apollo says what is missing.
  if (typeof text !== 'string' || trusted.trusts(text)) return null;
  return codedError(
    {
      en: 'Only trusted documents are run for you: send the documentId of an operation in the manifest (the SDK with `trustedDocuments: true`), not a document of your own',
      zh: '您只能执行可信文档：请发送清单中操作的 documentId（SDK 设置 `trustedDocuments: true`），不能发送自拟的文档',
    },
    { code: ErrorCode.TRUSTED_DOCUMENT_REQUIRED, http: { status: 403 } },
  );
}

/** The refusal for an HTTP request, its viewer known (Apollo's context). */
export function requestRefusal(
  only: TrustedDocumentsOnly,
  trusted: TrustedDocuments,
  req: Request,
  viewer: Viewer | null,
): GraphQLError | null {
  if (RESOLVED.has(req)) return null;
  const source = (req.method === 'GET' ? req.query : req.body) as Fields | undefined;
  return trustedDocumentRefusal(only, trusted, viewer, source?.query);
}
