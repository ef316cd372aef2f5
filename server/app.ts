import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { createErrorFormatter, ErrorCode } from './common/errors';
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
import { aliasLimit, depthLimit } from './common/document-limits';
import { introspectionGuard } from './common/introspection';
import { QueryBudgets } from './common/cost/budget';
import { queryCostPlugin } from './common/cost/query-cost.plugin';
import { documentGuard } from './common/cost/document-guard';
import { inputGuard } from './common/input-guard';
import { REGISTRY } from './modules';
import { createSchema } from './schema';

export interface AppOptions {
  dataSource: DataSource;
  config: Config;
  /** Called with unexpected errors (logged, never sent to clients). */
  logError?: (error: unknown) => void;
}

export interface App {
  /** The HTTP server, not yet listening. */
  server: http.Server;
  stop(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';

/**
 * Builds the HTTP server: GraphQL on POST/GET /graphql, GraphiQL for browsers, /healthz, and the
 * modules' own routes (GET /export/…).
 */
export async function createApp({ dataSource, config, logError }: AppOptions): Promise<App> {
  const schema = await createSchema();
  const app = express();
  const server = http.createServer(app);
  const auth = new AuthService(dataSource, config);
  const log = logError ?? ((error: unknown) => console.error('[guazhi] unexpected error', error));

  const apollo = new ApolloServer<Context>({
    schema,
    formatError: createErrorFormatter(config.exposeErrorDetails, log),
    includeStacktraceInErrorResponses: config.exposeErrorDetails,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    introspection: true,
    persistedQueries: false,
    // Bounds on what one document may ask for; the parser stops a flood of tokens before these.
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: [depthLimit(config.maxQueryDepth), aliasLimit(config.maxAliases)],
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      introspectionGuard(config),
      // Document bounds before validation, cost and refilling budgets before execution.
      queryCostPlugin(
        config,
        new QueryBudgets(
          (dataSource.driver as unknown as { master: Pool }).master,
          config.queryBudgets,
          config.queryBudgetWindowSeconds,
        ),
      ),
      inputGuard(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.get('/healthz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
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
      { dataSource, config, auth, registry: REGISTRY },
      {
        authorization: req.headers.authorization,
        clientIp: req.ip ?? 'unknown',
        idempotencyKey: req.headers['idempotency-key'],
        body: req.body,
      },
    );
  const signedInOf = async (req: Request, operation: string): Promise<AuthedContext> => {
    const ctx = await contextOf(req);
    expectPasswordChosen(requireViewer(ctx), operation);
    return ctx as AuthedContext;
  };
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    documentGuard(config), // bounds before validation (server/common/cost)
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await contextOf(req);
        } catch (error) {
          if (
            error instanceof GraphQLError &&
            error.extensions.code === ErrorCode.UNAUTHENTICATED
          ) {
            throw new GraphQLError(error.message, {
              extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
            });
          }
          throw error;
        }
      },
    }),
  );

  // Downloads and uploads of the modules (exports, imports), with GraphQL's authentication.
  for (const routes of REGISTRY.routes)
    app.use(routes({ signedIn: signedInOf, schema, logError: log }));

  // Bodies that never reach GraphQL (bad JSON, too large): a GraphQL-shaped error, never a stack.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (!clientError) log(error);
    res.status(clientError ? status : 500).json({
      errors: [
        clientError
          ? { message: (error as Error).message, extensions: { code: ErrorCode.BAD_USER_INPUT } }
          : {
              message: 'Internal server error',
              extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
            },
      ],
    });
  });

  return {
    server,
    stop: async () => {
      await apollo.stop();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
