import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { HttpDrain } from './common/drain';
import {
  createErrorFormatter,
  ErrorCode,
  isDatabaseUnavailable,
  recoded,
  RETRY_AFTER_SECONDS,
  serviceUnavailable,
  unavailableBody,
  withRequestId,
} from './common/errors';
import { createLogger, describeError, type Logger } from './common/logging/logger';
import {
  currentRequest,
  localeOf,
  noteViewer,
  reenterRequest,
  requestLogging,
  requestLogPlugin,
} from './common/logging/request-log';
import { outagePlugin } from './common/outage';
import type { Config } from './config';
import {
  createContext,
  expectPasswordChosen,
  requireViewer,
  type AuthedContext,
  type Context,
} from './context';
import { graphiqlAssets, graphiqlPage, graphiqlSecurityHeaders } from './graphiql/graphiql';
import { AuthService } from './modules/auth/auth.service';
import { singleLoginPlugin } from './modules/auth/one-login';
import { aliasLimit, depthLimit } from './common/document-limits';
import { introspectionGuard } from './common/introspection';
import { QueryBudgets } from './common/cost/budget';
import { queryCostPlugin } from './common/cost/query-cost.plugin';
import { documentGuard } from './common/cost/document-guard';
import { inputGuard } from './common/input-guard';
import { loadTrustedDocuments } from './common/trusted-documents/manifest';
import {
  requestRefusal,
  trustedDocumentRequests,
} from './common/trusted-documents/trusted-documents';
import { REGISTRY } from './modules';
import type { ReadReplicas } from './db/read-replicas';
import { readRouting } from './db/read-routing';
import { LiveHub, listenConfigOf } from './modules/live/live-hub';
import { startLiveServer } from './modules/live/live-server';
import { createSchema } from './schema';
import { compiledExecution } from './common/compiled-execution';

export interface AppOptions {
  dataSource: DataSource;
  config: Config;
  /** Also called with unexpected errors (they are logged, never sent to clients). */
  logError?: (error: unknown) => void;
  /** The JSON logger; by default one at `config.logLevel` on stdout. */
  logger?: Logger;
  /** Replicas that query operations may read from (server/db/read-routing.ts). */
  readReplicas?: ReadReplicas;
}

export interface App {
  /** The HTTP server, not yet listening. */
  server: http.Server;
  logger: Logger;
  /**
   * Drains (server/common/drain.ts): no new request runs, every accepted one is answered, within
   * `graceMs`; then stops Apollo. Resolves with the requests cut off at the deadline.
   */
  stop(graceMs?: number): Promise<{ forced: number }>;
  /**
   * Forgets the signed-in users' rows kept between requests (auth/viewer-cache.ts), so that the
   * next request reads its viewer from the database, as after a mutation of this instance.
   */
  forgetViewers(): void;
}

/** How long a stop waits for running requests (SIGTERM must exit well within 20 s). */
export const DRAIN_GRACE_MS = 15_000;

/** Browsers on the listed origins may call; Apollo's CSRF prevention still asks them for a preflight. */
function corsFor(origins: string[]) {
  const allowed = new Set(origins);
  return cors({
    // A callback answering false leaves the response without any CORS header at all.
    origin: (origin, callback) => callback(null, !!origin && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: [
      'Content-Type',
      'Authorization',
      'Apollo-Require-Preflight',
      'X-Apollo-Operation-Name',
      'X-Request-Id',
      'Idempotency-Key',
    ],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
}

export const GRAPHQL_PATH = '/graphql';

/** GraphQL answers are the viewer's own: no cache may keep them (what Apollo's plugin sent). */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Builds the HTTP server: GraphQL on POST/GET /graphql, GraphiQL for browsers, /healthz, and the
 * modules' own routes (GET /export/…).
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { dataSource, config, logError, readReplicas } = options;
  const schema = await createSchema();
  // Read before anything listens: a bad manifest stops the start (README "Trusted documents").
  const trusted = loadTrustedDocuments(config.trustedDocumentFiles);
  const app = express();
  const drain = new HttpDrain();
  const server = http.createServer(drain.wrap(app));
  const auth = new AuthService(dataSource, config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const withStack = logger.isLevelEnabled('debug');
  // One structured line per unexpected error, on the request's logger (it carries requestId).
  const log = (error: unknown) => {
    (currentRequest()?.log ?? logger).error(
      { err: describeError(error, withStack) },
      'unexpected error',
    );
    logError?.(error);
  };

  const formatError = withRequestId(createErrorFormatter(config.exposeErrorDetails, log));
  const budgets = new QueryBudgets(
    (dataSource.driver as unknown as { master: Pool }).master,
    config.queryBudgets,
    config.queryBudgetWindowSeconds,
  );
  const apollo = new ApolloServer<Context>({
    // Query documents sent again run compiled (graphql-jit); the rest on graphql-js.
    gateway: compiledExecution(schema, { compileAfter: config.compileAfter }),
    formatError,
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    introspection: true,
    persistedQueries: false,
    // Bounds on what one document may ask for; the parser stops a flood of tokens before these.
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: [depthLimit(config.maxQueryDepth), aliasLimit(config.maxAliases)],
    stopOnTerminationSignals: false,
    // No ApolloServerPluginDrainHttpServer: `stop` drains the server itself (HttpDrain) before
    // Apollo stops, and the plugin's drain would only leave a 10 s AbortSignal timer behind.
    plugins: [
      // No field carries cache hints, yet the default cache-control plugin wraps every field's
      // resolver to collect them (4–6 % of a list's CPU): off, and `no-store` set below instead.
      ApolloServerPluginCacheControlDisabled(),
      introspectionGuard(config),
      requestLogPlugin(),
      outagePlugin(),
      // One login per request, before the cost: a flood of logins is told what is wrong with it.
      singleLoginPlugin(),
      // Document bounds before validation, cost and refilling budgets before execution.
      queryCostPlugin(config, budgets),
      inputGuard(),
      ...(readReplicas ? [readRouting(readReplicas)] : []),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogging(logger));
  if (config.corsOrigins.length > 0) app.use(corsFor(config.corsOrigins));
  // The server's address opened in a browser leads to GraphiQL, not Express's "Cannot GET /".
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/healthz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res
        .status(503)
        .set('Retry-After', String(RETRY_AFTER_SECONDS))
        .json({ status: 'database unavailable' });
    }
  });
  app.use(graphiqlAssets());
  app.get(GRAPHQL_PATH, (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query) {
      const nonce = randomBytes(16).toString('base64');
      res.set(graphiqlSecurityHeaders(nonce)).type('html').send(graphiqlPage(GRAPHQL_PATH, nonce));
      return;
    }
    next();
  });
  // One way from a request to its context, for GraphQL and for the modules' HTTP routes alike.
  const contextOf = (req: Request) =>
    createContext(
      { dataSource, readReplicas, config, auth, registry: REGISTRY },
      {
        authorization: req.headers.authorization,
        clientIp: req.ip ?? 'unknown',
        idempotencyKey: req.headers['idempotency-key'],
        body: req.body,
        locale: localeOf(req),
      },
    );
  const signedInOf = async (req: Request, operation: string): Promise<AuthedContext> => {
    const ctx = await contextOf(req).catch((error: unknown) => {
      throw isDatabaseUnavailable(error) ? serviceUnavailable() : error;
    });
    noteViewer(req, ctx.viewer);
    expectPasswordChosen(requireViewer(ctx), operation);
    return ctx as AuthedContext;
  };
  app.use(
    GRAPHQL_PATH,
    noStore,
    express.json({ limit: '1mb' }),
    reenterRequest,
    trustedDocumentRequests(trusted), // a documentId becomes its manifest text
    documentGuard(config), // bounds before validation (server/common/cost)
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          const ctx = await contextOf(req);
          noteViewer(req, ctx.viewer);
          // Before Apollo parses or validates: a held viewer's own text never gets that far.
          const refusal = requestRefusal(config.trustedDocumentsOnly, trusted, req, ctx.viewer);
          if (refusal) throw refusal;
          return ctx;
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw serviceUnavailable();
          if (
            error instanceof GraphQLError &&
            error.extensions.code === ErrorCode.UNAUTHENTICATED
          ) {
            throw recoded(error, { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } });
          }
          throw error;
        }
      },
    }),
  );

  // Subscriptions: graphql-ws on the same path, fed by this process's LISTEN connection.
  const hub = new LiveHub(dataSource, {
    connection: listenConfigOf(dataSource),
    retentionHours: config.liveEventRetentionHours,
    log: (error, what) =>
      logger.error({ err: describeError(error, withStack), what }, 'live events'),
  });
  // Before the live server subscribes: a `viewer` event must reach the cache of viewer rows first,
  // so that the connections it rechecks read the changed row.
  const stopViewerCache = auth.cacheViewers(hub);
  await hub.start();
  const live = startLiveServer({
    server,
    path: GRAPHQL_PATH,
    schema,
    deps: { dataSource, config, auth, registry: REGISTRY },
    hub,
    budgets,
    trusted,
    formatError,
    log,
  });

  // Downloads and uploads of the modules (exports, imports), with GraphQL's authentication.
  for (const routes of REGISTRY.routes)
    app.use(routes({ signedIn: signedInOf, schema, logError: log }));

  // Bodies that never reach GraphQL (bad JSON, too large): a GraphQL-shaped error, never a stack.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (isDatabaseUnavailable(error)) {
      res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json(unavailableBody());
      return;
    }
    const status = (error as { status?: unknown }).status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (!clientError) log(error);
    res.status(clientError ? status : 500).json({
      errors: [
        clientError
          ? {
              message: (error as Error).message,
              extensions: { code: ErrorCode.BAD_USER_INPUT, requestId: req.id },
            }
          : {
              message: 'Internal server error',
              extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: req.id },
            },
      ],
    });
  });

  return {
    server,
    logger,
    forgetViewers: () => auth.forgetViewers(),
    stop: async (graceMs = DRAIN_GRACE_MS) => {
      const [drained] = await Promise.all([drain.drain(server, graceMs), live.stop()]);
      stopViewerCache();
      await hub.stop();
      await apollo.stop();
      return drained;
    },
  };
}
