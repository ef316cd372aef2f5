import type http from 'node:http';
import {
  type DocumentNode,
  type ExecutionArgs,
  getOperationAST,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bucketOf } from '../../common/cost/budget';
import type { QueryBudgets } from '../../common/cost/budget';
import {
  documentTooComplex,
  exceededBound,
  measureDocument,
} from '../../common/cost/document-bounds';
import { chargeOperation } from '../../common/cost/query-cost.plugin';
import { aliasLimit, depthLimit } from '../../common/document-limits';
import { codedError, ErrorCode, isDatabaseUnavailable } from '../../common/errors';
import { introspectionRefusal } from '../../common/introspection';
import type { TrustedDocuments } from '../../common/trusted-documents/manifest';
import {
  persistedDocumentNotFound,
  trustedDocumentRefusal,
} from '../../common/trusted-documents/trusted-documents';
import type { Viewer } from '../../common/viewer';
import { contextFor, type ContextDeps } from '../../context';
import type { LiveHub } from './live-hub';
import { LiveCloseCode, sameRights, type LiveSession } from './live-session';
import type { LiveContext } from './live-stream';

export interface LiveServerOptions {
  server: http.Server;
  path: string;
  schema: GraphQLSchema;
  deps: ContextDeps;
  hub: LiveHub;
  budgets: QueryBudgets;
  /** The manifest documents (README "Trusted documents"). */
  trusted: TrustedDocuments;
  /** Formats each error sent to a client, as HTTP responses are (server/common/errors.ts). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  log(error: unknown): void;
}

/** How long one verification of a connection's credentials serves its events. */
const VERIFIED_FOR_MS = 1_000;
/** The largest message a client may send (a subscribe with its document and variables). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** How long a stop waits for clients to answer the close before cutting them off. */
const CLOSE_GRACE_MS = 2_000;

type Params = Record<string, unknown> | undefined;

/** `{ authorization: 'Bearer <token>' }` or `{ apiKey }` of connection_init, as an Authorization header. */
function authorizationOf(params: Params): string | null {
  const authorization = params?.authorization ?? params?.Authorization;
  if (typeof authorization === 'string' && authorization.trim()) return authorization;
  if (typeof params?.apiKey === 'string' && params.apiKey) return `Bearer ${params.apiKey}`;
  return null;
}

/** One signed-in WebSocket connection: its credential, checked again before events. */
class LiveConnection implements LiveSession {
  private verified: { at: number; viewer: Promise<Viewer | null> } | null = null;
  closed = false;

  constructor(
    readonly hub: LiveHub,
    private readonly socket: WebSocket,
    private readonly deps: ContextDeps,
    private readonly authorization: string,
    readonly viewer: Viewer,
    readonly clientIp: string,
    private readonly log: (error: unknown) => void,
  ) {}

  get maxPending(): number {
    return this.deps.config.wsMaxPending;
  }

  get principal(): string {
    return bucketOf(this.viewer, this.clientIp);
  }

  concerns(payload: Record<string, unknown>): boolean {
    return (
      (payload.userId != null && payload.userId === this.viewer.userId) ||
      (payload.apiKeyId != null && payload.apiKeyId === this.viewer.apiKeyId)
    );
  }

  viewerFor(): Promise<Viewer | null> {
    if (this.closed) return Promise.resolve(null);
    const now = Date.now();
    if (!this.verified || now - this.verified.at > VERIFIED_FOR_MS)
      this.verified = { at: now, viewer: this.verify() };
    return this.verified.viewer;
  }

  /** A `viewer` event for this principal: verify again now, and close unless rights are the same. */
  recheck(): void {
    this.verified = null;
    void this.viewerFor();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  private async verify(): Promise<Viewer | null> {
    try {
      const viewer = await this.deps.auth.viewerFromAuthorization(this.authorization);
      if (viewer && sameRights(viewer, this.viewer)) return viewer;
      if (viewer) this.close(LiveCloseCode.RIGHTS_CHANGED, 'Rights changed: reconnect');
      else this.close(LiveCloseCode.UNAUTHORIZED, 'Unauthorized');
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED)
        this.close(LiveCloseCode.UNAUTHORIZED, 'Unauthorized: token or API key no longer valid');
      else {
        if (!isDatabaseUnavailable(error)) this.log(error);
        // 1013 Try Again Later: clients reconnect, to this or another instance.
        this.close(1013, 'Try again later');
      }
    }
    return null;
  }
}

const wsError = (message: { en: string; zh: string }, code: string, extra = {}) =>
  codedError(message, { code, ...extra });

/**
 * GraphQL subscriptions over WebSocket (graphql-ws protocol) on the HTTP server's GraphQL path,
 * beside Apollo's HTTP (PITFALLS: Apollo serves no subscriptions itself):
 * - `connection_init` carries `{ authorization: 'Bearer <token>' }` or `{ apiKey }`, verified
 *   by the same code as HTTP's header; without a valid one the socket closes with 4401. One user
 *   or API key holds at most `wsMaxConnections` connections per instance (4429 beyond);
 * - every subscribe meets HTTP's protections in HTTP's order: token bound while parsing, the
 *   document's bounds before validation, validation with the depth and alias limits, the
 *   introspection rule, then the cost against the role's budget, spent from the same refilling
 *   budget; at most `wsMaxSubscriptions` per connection. Only subscriptions are served here:
 *   queries and mutations go over HTTP (idempotency keys, request logs, drains);
 * - a `viewer` event (rights changed, tokens or a key revoked) closes that viewer's connections
 *   at once unless their credential still verifies to the same rights: 4401 when it no longer
 *   holds, 4403 when the rights changed (the client reconnects with the new ones).
 */
export function startLiveServer(options: LiveServerOptions): { stop(): Promise<void> } {
  const { deps, hub, schema } = options;
  const { config } = deps;
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  wss.on('error', (error) => options.log(error));
  const connections = new WeakMap<WebSocket, LiveConnection>();
  const byPrincipal = new Map<string, Set<LiveConnection>>();
  const rules = [
    ...specifiedRules,
    depthLimit(config.maxQueryDepth),
    aliasLimit(config.maxAliases),
  ];

  const forget = (connection: LiveConnection | undefined) => {
    if (!connection) return;
    const set = byPrincipal.get(connection.principal);
    set?.delete(connection);
    if (set?.size === 0) byPrincipal.delete(connection.principal);
  };

  const stopListening = hub.subscribe((event) => {
    if (event.topic !== 'viewer') return;
    for (const set of byPrincipal.values())
      for (const connection of set) if (connection.concerns(event.payload)) connection.recheck();
  });

  type Ctx = WsContext<Params, { socket: WebSocket; request: http.IncomingMessage }>;

  async function onConnect(ctx: Ctx): Promise<boolean> {
    const { socket, request } = ctx.extra;
    const authorization = authorizationOf(ctx.connectionParams);
    if (!authorization) {
      socket.close(
        LiveCloseCode.UNAUTHORIZED,
        'Unauthorized: send { authorization: "Bearer <token>" } or { apiKey } in connection_init',
      );
      return false;
    }
    let viewer: Viewer | null;
    try {
      viewer = await deps.auth.viewerFromAuthorization(authorization);
    } catch (error) {
      if (isDatabaseUnavailable(error)) socket.close(1013, 'Try again later');
      else {
        if (!(error instanceof GraphQLError)) options.log(error);
        socket.close(LiveCloseCode.UNAUTHORIZED, 'Unauthorized: token or API key not valid');
      }
      return false;
    }
    if (!viewer) {
      socket.close(LiveCloseCode.UNAUTHORIZED, 'Unauthorized');
      return false;
    }
    const clientIp = request.socket.remoteAddress ?? 'unknown';
    const connection = new LiveConnection(
      hub,
      socket,
      deps,
      authorization,
      viewer,
      clientIp,
      options.log,
    );
    const set = byPrincipal.get(connection.principal) ?? new Set();
    if (set.size >= config.wsMaxConnections) {
      socket.close(
        LiveCloseCode.TOO_MANY_CONNECTIONS,
        `Too many connections: at most ${config.wsMaxConnections} per user or API key`,
      );
      return false;
    }
    set.add(connection);
    byPrincipal.set(connection.principal, set);
    connections.set(socket, connection);
    return true;
  }

  /** The document's protections, in HTTP's order; the execution arguments, or the refusal. */
  async function admit(
    ctx: Ctx,
    connection: LiveConnection,
    payload: { query: unknown; operationName?: unknown; variables?: unknown; documentId?: unknown },
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptions)
      return [
        wsError(
          {
            en: `Too many subscriptions: at most ${config.wsMaxSubscriptions} on one connection`,
            zh: `订阅过多：每个连接最多 ${config.wsMaxSubscriptions} 个`,
          },
          ErrorCode.RATE_LIMITED,
        ),
      ];
    if (typeof payload.query !== 'string')
      return [wsError({ en: 'query must be a string', zh: 'query 须为字符串' }, 'BAD_REQUEST')];
    // A trusted document by its id: graphql-ws wants a `query` string, so it comes empty.
    let text = payload.query;
    if (payload.documentId !== undefined) {
      if (typeof payload.documentId !== 'string' || text !== '')
        return [
          wsError(
            {
              en: 'Send either `documentId` (a string) with an empty `query`, or the `query` alone',
              zh: '请发送 `documentId`（字符串）并让 `query` 为空，或只发送 `query`',
            },
            'BAD_REQUEST',
          ),
        ];
      const known = options.trusted.textOf(payload.documentId);
      if (known === undefined) return [persistedDocumentNotFound(payload.documentId)];
      text = known;
    }
    const refusal = trustedDocumentRefusal(
      config.trustedDocumentsOnly,
      options.trusted,
      connection.viewer,
      text,
    );
    if (refusal) return [refusal];
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: config.maxTokens });
    } catch (error) {
      const message = (error as Error).message;
      return [wsError({ en: message, zh: message }, 'GRAPHQL_PARSE_FAILED')];
    }
    const bounds = config.documentBounds.signedIn;
    const exceeded = exceededBound(measureDocument(document, bounds), bounds);
    if (exceeded) return [documentTooComplex(exceeded)];
    const operationName =
      typeof payload.operationName === 'string' ? payload.operationName : undefined;
    const operation = getOperationAST(document, operationName);
    if (operation && operation.operation !== 'subscription')
      return [
        wsError(
          {
            en: 'Over WebSocket only subscriptions are served: send queries and mutations over HTTP POST to the same URL',
            zh: 'WebSocket 只提供订阅（subscription）：查询和变更请通过 HTTP POST 发送到同一地址',
          },
          ErrorCode.BAD_USER_INPUT,
        ),
      ];
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0)
      return invalid.map(
        (e) =>
          new GraphQLError(e.message, {
            nodes: e.nodes,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      );
    const introspection = introspectionRefusal(config, connection.viewer, document);
    if (introspection) return [introspection];
    const variables =
      payload.variables && typeof payload.variables === 'object'
        ? (payload.variables as Record<string, unknown>)
        : undefined;
    try {
      await chargeOperation(config, options.budgets, {
        schema,
        document,
        variables,
        operationName,
        viewer: connection.viewer,
        clientIp: connection.clientIp,
      });
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const ctxValue = contextFor(deps, connection.viewer, connection.clientIp) as LiveContext;
    ctxValue.live = connection;
    return { schema, document, operationName, variableValues: variables, contextValue: ctxValue };
  }

  // graphql-ws wraps an error thrown by an event stream in a GraphQLError of its own (no code):
  // the stream's coded error is what the client gets.
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const error = !e.path && e.originalError instanceof GraphQLError ? e.originalError : e;
      return options.formatError(error.toJSON(), error);
    });

  const server = useServer<Params>(
    {
      schema,
      onConnect,
      async onSubscribe(ctx, _id, payload) {
        const connection = connections.get(ctx.extra.socket as WebSocket);
        if (!connection)
          return [wsError({ en: 'Sign in first', zh: '请先登录' }, ErrorCode.UNAUTHENTICATED)];
        try {
          return await admit(ctx as Ctx, connection, payload);
        } catch (error) {
          if (!isDatabaseUnavailable(error)) options.log(error);
          return [
            wsError(
              isDatabaseUnavailable(error)
                ? { en: 'Service unavailable: try again', zh: '服务暂不可用，请稍后重试' }
                : { en: 'Internal server error', zh: '服务器内部错误' },
              isDatabaseUnavailable(error)
                ? ErrorCode.SERVICE_UNAVAILABLE
                : ErrorCode.INTERNAL_SERVER_ERROR,
            ),
          ];
        }
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: format(result.errors) };
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
      onClose(ctx) {
        const socket = ctx.extra.socket as WebSocket;
        const connection = connections.get(socket);
        if (connection) connection.closed = true;
        forget(connection);
        connections.delete(socket);
      },
    },
    wss,
  );

  return {
    async stop() {
      stopListening();
      // 1001 Going Away: clients reconnect, to another instance, and resume with afterEventId.
      // A client that does not answer the close is cut off after CLOSE_GRACE_MS.
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS).unref();
      await Promise.resolve(server.dispose()).catch((error: unknown) => options.log(error));
      clearTimeout(cutOff);
    },
  };
}
