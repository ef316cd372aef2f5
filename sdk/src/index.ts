/**
 * @guazhi/sdk: a typed client for the Guazhi (挂职) GraphQL API.
 *
 * Uses only `fetch` (global or injected), so it runs in browsers, Node 20+ and React Native. No
 * `graphql` runtime: documents are generated as strings (sdk/src/generated, from sdk/operations).
 */
import type {
  DocumentTypeDecoration,
  ResultOf,
  VariablesOf,
} from '@graphql-typed-document-node/core';
import { GuazhiError, type GraphQLErrorEntry } from './errors';
import {
  exportError,
  exportUrlFor,
  filenameOf,
  type ExportFile,
  type ExportFilters,
  type ExportFormat,
  type ExportKind,
} from './export';
import { importUrlFor, type ImportKind, type ImportOptions, type ImportSummary } from './import';
import { operations, subscriptions } from './generated/graphql';
import { paginators, type ListOperation, type PageNode } from './paginate';
import { withRetry, type RetryOptions } from './retry';
import { tokenExpiry } from './token';
import {
  LiveConnection,
  type LiveHandlers,
  type LiveOptions,
  type LiveSubscription,
  type SubscriptionMethods,
} from './live';

export * from './generated/graphql';
export { GuazhiError, isGuazhiError, type GraphQLErrorEntry, type GuazhiErrorCode } from './errors';
export * from './export';
export * from './import';
export type { LiveHandlers, LiveOptions, LiveSubscription, SubscriptionMethods } from './live';
export type { ListOperation, PageNode, PageVariables } from './paginate';
export type { RetryOptions } from './retry';
export { tokenExpiry } from './token';
export type { DocumentTypeDecoration, ResultOf, VariablesOf };

/** The part of `fetch` the SDK uses; the global `fetch`, undici's or node-fetch's all fit. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{
  status: number;
  text(): Promise<string>;
  /** Read for `X-Request-Id` when present. */
  headers?: { get(name: string): string | null };
}>;

export interface GuazhiClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Bearer token from `login`; sent as `Authorization: Bearer <token>`. */
  token?: string | null;
  /** Defaults to the global `fetch`, looked up at each request. */
  fetch?: FetchLike;
  /** Extra headers on every request (e.g. an API key); header names are case-insensitive. */
  headers?: Record<string, string>;
  /**
   * The language of the messages the server writes for people: `userErrors[].message`, the
   * `message` of coded errors (FORBIDDEN, NOT_FOUND …), alert `detail`s and import row errors.
   * Sent as `Accept-Language` on every request (GraphQL, exports, imports); `'zh-CN'` answers in
   * Simplified Chinese (简体中文), anything else or nothing in English. Codes, fields and data never
   * change with it. An `accept-language` in `headers` takes precedence.
   */
  locale?: 'en' | 'zh-CN' | (string & Record<never, never>);
  /**
   * Subscriptions (`client.subscriptions`, `client.subscribe`) over WebSocket on the same URL,
   * signed in with the client's token (a login token or an API key) in connection_init. Needs a
   * WebSocket: the global one in browsers, React Native and Node ≥ 22; in Node 20 pass
   * `webSocketImpl` (e.g. `import WebSocket from 'ws'`).
   */
  live?: LiveOptions;
  /**
   * Sending again after a network error (no answer, or a proxy's non-GraphQL 5xx), with
   * exponential backoff: queries always, mutations only when the call has an `idempotencyKey`
   * (the server then applies them once). Default `{ attempts: 3, baseDelayMs: 300 }`; `false` or
   * `{ attempts: 1 }` turns it off. Answers with GraphQL errors are never sent again.
   */
  retry?: RetryOptions | false;
  /**
   * Called when an answer carries UNAUTHENTICATED (token expired, revoked or missing), before the
   * call rejects, and when a subscription ends with it: the place to send the user to sign in
   * again (then `setToken`). Its own errors are ignored; it is not awaited.
   */
  onUnauthenticated?: (error: GuazhiError) => void;
  /**
   * Trusted documents (可信文档): send each generated operation as its id (`documentId:
   * "sha256:…"`, GraphQL-over-HTTP persisted documents) instead of its text. The server runs it
   * from its manifest (sdk/persisted-documents.json), and accounts it holds to trusted documents
   * (GUAZHI_TRUSTED_DOCUMENTS_ONLY) need this, or the exact texts the SDK sends. Documents of
   * your own (`request(text)`) still go as text. Default false: the text, which any server takes.
   */
  trustedDocuments?: boolean;
}

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * Sent as `Idempotency-Key` (幂等键) with a mutation: a retry with the same key and the same
   * variables takes effect once and returns the first result (CONFLICT while the first still
   * runs; BAD_USER_INPUT for the key with other variables). Keys last 24 hours, per principal.
   */
  idempotencyKey?: string;
}

/** A whole GraphQL response: `data` may be partial when `errors` is not empty. */
export interface GuazhiResult<TData> {
  data: TData | null;
  /** The GraphQL errors, each with `extensions.code`; empty on full success. */
  errors: GraphQLErrorEntry[];
  extensions?: Record<string, unknown>;
  /** HTTP status of the response. */
  status: number;
  /** The server's `X-Request-Id` for this request (its log lines carry it), when it sent one. */
  requestId: string | null;
}

/**
 * A document the client can send: a generated `…Document` (TypedDocumentString), a
 * `TypedDocumentNode` parsed with locations (its source text is sent; no `graphql` import needed),
 * or a plain string.
 */
export type GuazhiDocument<TResult, TVariables> =
  (DocumentTypeDecoration<TResult, TVariables> & { toString(): string }) | string;

type Variables = Record<string, unknown>;

/** Variables are optional exactly when the operation has no required variable. */
type Args<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

type Operations = typeof operations;

/** One method per generated operation: resolves to `data`, throws GuazhiError on any error. */
export type OperationMethods = {
  [K in keyof Operations]: (
    ...args: Args<VariablesOf<Operations[K]>>
  ) => Promise<ResultOf<Operations[K]>>;
};

/** The same methods, resolving to `{ data, errors }` instead of throwing on GraphQL errors. */
export type PartialOperationMethods = {
  [K in keyof Operations]: (
    ...args: Args<VariablesOf<Operations[K]>>
  ) => Promise<GuazhiResult<ResultOf<Operations[K]>>>;
};

/**
 * One async iterator per list query (`first`/`after` over a connection): yields every node, page by
 * page, following `pageInfo.endCursor` while `hasNextPage`; `first` is the page size.
 */
export type PaginateMethods = {
  [K in ListOperation]: (
    ...args: Args<VariablesOf<Operations[K]>>
  ) => AsyncGenerator<PageNode<K>, void, undefined>;
};

/**
 * The client without a method per operation (createGuazhiBaseClient): documents are imported and
 * sent with `request` / `raw` / `subscribe`, so a bundler keeps only the documents a page uses.
 */
export type GuazhiBaseClient = {
  /** Sends any document; resolves to `data`, throws GuazhiError on any error. */
  request<TResult = unknown, TVariables = Variables>(
    document: GuazhiDocument<TResult, TVariables>,
    ...args: Args<TVariables>
  ): Promise<TResult>;
  /** Sends any document; resolves to the whole response, throws only NETWORK_ERROR. */
  raw<TResult = unknown, TVariables = Variables>(
    document: GuazhiDocument<TResult, TVariables>,
    ...args: Args<TVariables>
  ): Promise<GuazhiResult<TResult>>;
  /**
   * Runs any subscription document over WebSocket: events go to `handlers.next`; a lost
   * connection is made again by itself, resuming after the last event seen.
   */
  subscribe<TResult = unknown, TVariables = Variables>(
    document: GuazhiDocument<TResult, TVariables>,
    variables: TVariables,
    handlers: LiveHandlers<TResult>,
  ): LiveSubscription;
  /** Closes the client's WebSocket, ending its subscriptions (a new one opens on the next). */
  disconnect(): Promise<void>;
  /** Replaces the token of this client (null signs out). */
  setToken(token: string | null): void;
  getToken(): string | null;
  /**
   * When the current login token expires (its JWT `exp`, read without verifying it); null for no
   * token, an API key or any token that is not a JWT. Sign in again before it passes.
   */
  readonly tokenExpiresAt: Date | null;
  /** A new client with the same options and another token; this one is unchanged. */
  withToken(token: string | null): GuazhiBaseClient;
  /**
   * The URL of an export (`/export/<kind>.<format>` beside the GraphQL endpoint) with the filter
   * as query parameters, the same filter the list query takes. The server wants the token in the
   * Authorization header (never in a URL, where logs keep it): fetch it with `export`, or send
   * the header yourself.
   */
  exportUrl<K extends ExportKind>(
    kind: K,
    format: ExportFormat,
    filter?: ExportFilters[K] | null,
  ): string;
  /**
   * Downloads an export with this client's token and headers: rows and columns as the viewer's
   * role reads them in GraphQL. Throws GuazhiError (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT)
   * when refused. Needs a full `fetch` (GET, streamed body): the global one, or the injected one.
   */
  export<K extends ExportKind>(
    kind: K,
    format: ExportFormat,
    filter?: ExportFilters[K] | null,
    options?: RequestOptions,
  ): Promise<ExportFile>;
  /**
   * Imports a .xlsx or CSV file (`POST /import/<kind>`, ORG_ADMIN or its API key): every row is
   * checked, and nothing is written when any is bad or `dryRun` is set; the answer lists each bad
   * row. Throws GuazhiError when the file is refused as a whole (FILE_TOO_LARGE,
   * UNSUPPORTED_FILE_TYPE, BAD_HEADERS …) or the caller may not import.
   */
  importFile(
    kind: ImportKind,
    file: Blob | Uint8Array,
    options?: ImportOptions & RequestOptions,
  ): Promise<ImportSummary>;
};

/** The client with one method per operation of sdk/operations (createGuazhiClient). */
export type GuazhiClient = OperationMethods &
  Omit<GuazhiBaseClient, 'withToken'> & {
    /**
     * The operations again, returning partial data with the errors rather than throwing: for
     * selections where some fields legitimately come back null with FORBIDDEN (personal data,
     * cadres or mentors outside the viewer's scope). Transport failures still throw NETWORK_ERROR.
     */
    partial: PartialOperationMethods;
    /**
     * Every list query as an async iterator over its nodes, all pages:
     *
     * ```ts
     * for await (const candidate of client.paginate.selectionRoundCandidates({ id, first: 50 }))
     *   show(candidate.cadre?.name);
     * ```
     *
     * Stop early with `break`; no further page is fetched. Errors reject the `for await` (a
     * GuazhiError), except FORBIDDEN on a field inside a node (a cadre outside the viewer's scope):
     * that node comes with the field null, as `partial` gives it.
     */
    paginate: PaginateMethods;
    /**
     * One method per subscription of sdk/operations, over WebSocket: events go to `handlers.next`;
     * a lost connection is made again by itself, resuming after the last event seen.
     *
     * ```ts
     * const sub = client.subscriptions.postingChanged({ id }, { next: (e) => show(e.postingChanged) });
     * sub.unsubscribe();
     * ```
     */
    subscriptions: SubscriptionMethods;
    /** A new client with the same options and another token; this one is unchanged. */
    withToken(token: string | null): GuazhiClient;
  };

/**
 * Creates a client.
 *
 * ```ts
 * const client = createGuazhiClient({ url: 'http://localhost:4000/graphql' });
 * const { login } = await client.login({ input: { username: 'admin', password: '…' } });
 * if (login.token) client.setToken(login.token);
 * const { postings } = await client.postings({ first: 20, filter: { status: ['ACTIVE'] } });
 * ```
 */
export function createGuazhiClient(options: GuazhiClientOptions): GuazhiClient {
  const base = createGuazhiBaseClient(options);
  // Untyped here: the public signatures are GuazhiClient's, applied by the cast at the end.
  const untyped = base as unknown as {
    request(document: unknown, variables: unknown, options?: RequestOptions): Promise<unknown>;
    raw(
      document: unknown,
      variables: unknown,
      options?: RequestOptions,
    ): Promise<GuazhiResult<unknown>>;
    subscribe(
      document: unknown,
      variables: unknown,
      handlers: LiveHandlers<unknown>,
    ): LiveSubscription;
  };
  type Method = (variables?: unknown, requestOptions?: RequestOptions) => Promise<unknown>;
  const methods: Record<string, Method> = {};
  const partial: Record<string, Method> = {};
  for (const [name, document] of Object.entries(operations)) {
    methods[name] = (variables, requestOptions) =>
      untyped.request(document, variables, requestOptions);
    partial[name] = (variables, requestOptions) => untyped.raw(document, variables, requestOptions);
  }
  const subscriptionMethods: Record<string, unknown> = {};
  for (const [name, document] of Object.entries(subscriptions))
    subscriptionMethods[name] = (variables: unknown, handlers: LiveHandlers<unknown>) =>
      untyped.subscribe(document, variables, handlers);
  // Added to the base client itself: its getter (`tokenExpiresAt`) keeps reading its token.
  const client = Object.assign(base, methods, {
    subscriptions: subscriptionMethods,
    partial,
    paginate: paginators(untyped.raw),
    withToken: (next: string | null) => createGuazhiClient({ ...options, token: next }),
  });
  // The generated `operations` map and the mapped types above are built from the same keys.
  return client as unknown as GuazhiClient;
}

/**
 * Creates a client without a method per operation, for pages that must stay small (React hooks,
 * `@guazhi/sdk/react`, need no more): it sends the documents it is given, so a bundler keeps only
 * those a page imports (createGuazhiClient carries every operation, ~13 kB gzipped).
 *
 * ```ts
 * import { createGuazhiBaseClient, PostingsDocument } from '@guazhi/sdk';
 * const client = createGuazhiBaseClient({ url: '/graphql', token });
 * const { postings } = await client.request(PostingsDocument, { first: 20 });
 * ```
 */
export function createGuazhiBaseClient(options: GuazhiClientOptions): GuazhiBaseClient {
  let token = options.token ?? null;
  const baseHeaders = {
    ...(options.locale ? { 'accept-language': options.locale } : {}),
    ...lowerCaseKeys(options.headers),
  };

  // Untyped inside: the public signatures are GuazhiClient's, applied by the cast at the end.
  async function raw(
    document: unknown,
    variables?: unknown,
    requestOptions?: RequestOptions,
  ): Promise<GuazhiResult<unknown>> {
    const query = documentText(document);
    const operation = /^\s*(query|mutation|subscription)\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(
      stripComments(query),
    );
    const operationName = operation?.[2];
    // A shorthand `{ … }` is a query; whatever cannot be told apart is not repeated.
    const isQuery = operation ? operation[1] === 'query' : /^\s*\{/.test(stripComments(query));
    const headers: Record<string, string> = {
      accept: 'application/graphql-response+json, application/json',
      ...baseHeaders,
      ...lowerCaseKeys(requestOptions?.headers),
      // Apollo's CSRF prevention accepts JSON posts without a preflight header.
      'content-type': 'application/json',
    };
    if (token) headers.authorization = `Bearer ${token}`;
    if (requestOptions?.idempotencyKey) headers['idempotency-key'] = requestOptions.idempotencyKey;
    const documentId = trustedIdOf(document);
    const body = JSON.stringify({
      ...(documentId ? { documentId } : { query }),
      variables: variables ?? {},
      operationName,
    });

    // Looked up per call so a polyfill installed later is used; called unbound (browsers require it).
    const fetchFn: FetchLike | undefined = options.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') {
      throw GuazhiError.network('No fetch available: pass `fetch` to createGuazhiClient', null);
    }
    const send = async () => {
      let status: number;
      let text: string;
      let requestId: string | null;
      try {
        const response = await fetchFn(options.url, {
          method: 'POST',
          headers,
          body,
          signal: requestOptions?.signal,
        });
        status = response.status;
        requestId = response.headers?.get('x-request-id') ?? null;
        text = await response.text();
      } catch (cause) {
        throw GuazhiError.network(
          `Request to ${options.url} failed: ${describe(cause)}`,
          null,
          cause,
        );
      }
      return parseResponse(text, status, requestId);
    };
    // The same key makes a repeated mutation take effect once (README "Retrying mutations").
    const repeatable = isQuery || Boolean(requestOptions?.idempotencyKey);
    const result = await withRetry(
      send,
      repeatable ? options.retry : false,
      requestOptions?.signal,
    );
    if (result.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'))
      unauthenticated(GuazhiError.of(result));
    return result;
  }

  function unauthenticated(error: GuazhiError): void {
    try {
      options.onUnauthenticated?.(error);
    } catch {
      // The app's hook must not turn into the call's failure.
    }
  }

  async function request(
    document: unknown,
    variables?: unknown,
    requestOptions?: RequestOptions,
  ): Promise<unknown> {
    const result = await raw(document, variables, requestOptions);
    if (result.errors.length > 0 || result.data === null) throw GuazhiError.of(result);
    return result.data;
  }

  function exportUrl(kind: ExportKind, format: ExportFormat, filter?: object | null): string {
    return exportUrlFor(options.url, kind, format, filter as never);
  }

  async function download(
    kind: ExportKind,
    format: ExportFormat,
    filter?: object | null,
    requestOptions?: RequestOptions,
  ): Promise<ExportFile> {
    const url = exportUrl(kind, format, filter);
    const headers: Record<string, string> = {
      ...baseHeaders,
      ...lowerCaseKeys(requestOptions?.headers),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const fetchFn = fullFetch();
    let response: Response;
    try {
      response = await fetchFn(url, { method: 'GET', headers, signal: requestOptions?.signal });
    } catch (cause) {
      throw GuazhiError.network(`Request to ${url} failed: ${describe(cause)}`, null, cause);
    }
    if (!response.ok) throw refused(await exportError(response));
    return {
      filename: filenameOf(response.headers.get('content-disposition')),
      contentType: response.headers.get('content-type'),
      blob: () => response.blob(),
      body: response.body,
    };
  }

  /** An export or import refused: the hook hears of UNAUTHENTICATED as for GraphQL. */
  function refused(error: GuazhiError): GuazhiError {
    if (error.hasCode('UNAUTHENTICATED')) unauthenticated(error);
    return error;
  }

  /** `FetchLike` describes only the POSTs of GraphQL; files need the whole of fetch. */
  function fullFetch(): typeof fetch {
    const fetchFn = (options.fetch ?? globalThis.fetch) as unknown as typeof fetch | undefined;
    if (typeof fetchFn !== 'function') {
      throw GuazhiError.network('No fetch available: pass `fetch` to createGuazhiClient', null);
    }
    return fetchFn;
  }

  async function importFile(
    kind: ImportKind,
    file: Blob | Uint8Array,
    requestOptions?: ImportOptions & RequestOptions,
  ): Promise<ImportSummary> {
    const url = importUrlFor(options.url, kind, requestOptions?.dryRun ?? false);
    const headers: Record<string, string> = {
      ...baseHeaders,
      ...lowerCaseKeys(requestOptions?.headers),
      // The server reads the format from the bytes; this only keeps proxies from parsing them.
      'content-type': 'application/octet-stream',
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const fetchFn = fullFetch();
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: 'POST',
        headers,
        body: file as BodyInit,
        signal: requestOptions?.signal,
      });
    } catch (cause) {
      throw GuazhiError.network(`Request to ${url} failed: ${describe(cause)}`, null, cause);
    }
    if (!response.ok) throw refused(await exportError(response, 'import'));
    return (await response.json()) as ImportSummary;
  }

  /** The id a generated document carries (codegen's `__meta__.hash`), when ids are to be sent. */
  function trustedIdOf(document: unknown): string | null {
    if (!options.trustedDocuments || !(document instanceof String)) return null;
    const id = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
    return typeof id === 'string' ? id : null;
  }

  const live = new LiveConnection(
    options.url,
    () => token ?? options.headers?.authorization?.replace(/^Bearer\s+/i, '') ?? null,
    options.live,
  );
  const subscribe = (document: unknown, variables: unknown, handlers: LiveHandlers<unknown>) =>
    live.subscribe(
      { toString: () => documentText(document) },
      (variables ?? {}) as Record<string, unknown>,
      {
        ...handlers,
        // A subscription refused or ended for its credential tells the hook too.
        error(error) {
          if (error.hasCode('UNAUTHENTICATED')) unauthenticated(error);
          handlers.error?.(error);
        },
      },
      trustedIdOf(document),
    );
  const client = {
    subscribe,
    disconnect: () => live.close(),
    exportUrl,
    export: download,
    importFile,
    request,
    raw,
    setToken(next: string | null) {
      token = next;
    },
    getToken: () => token,
    get tokenExpiresAt() {
      return tokenExpiry(token);
    },
    withToken: (next: string | null) => createGuazhiBaseClient({ ...options, token: next }),
  };
  // Untyped inside (see `raw`): the public signatures are GuazhiBaseClient's.
  return client as unknown as GuazhiBaseClient;
}

function documentText(document: unknown): string {
  if (typeof document === 'string') return document;
  if (document instanceof String) return document.toString();
  if (typeof document === 'object' && document !== null) {
    // A DocumentNode from graphql's `parse` keeps its source text unless parsed with noLocation.
    const body = (document as { loc?: { source?: { body?: unknown } } }).loc?.source?.body;
    if (typeof body === 'string') return body;
    const text = String(document);
    if (text !== '[object Object]') return text;
  }
  throw new TypeError(
    'Unsupported document: pass a generated …Document, a string, or a DocumentNode parsed with locations',
  );
}

/** The document without `#` comments, to find its first keyword. */
function stripComments(text: string): string {
  return text.replace(/#[^\n\r]*/g, '');
}

function parseResponse(
  text: string,
  status: number,
  requestId: string | null,
): GuazhiResult<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw GuazhiError.network(`HTTP ${status}: response is not JSON: ${snippet(text)}`, status);
  }
  if (typeof json !== 'object' || json === null || !('data' in json || 'errors' in json)) {
    throw GuazhiError.network(
      `HTTP ${status}: response is not a GraphQL result: ${snippet(text)}`,
      status,
    );
  }
  const { data, errors, extensions } = json as {
    data?: unknown;
    errors?: unknown;
    extensions?: Record<string, unknown>;
  };
  const list = Array.isArray(errors) ? (errors as GraphQLErrorEntry[]) : [];
  return {
    data: data ?? null,
    errors: list,
    ...(extensions ? { extensions } : {}),
    status,
    requestId,
  };
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}
