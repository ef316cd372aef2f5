import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createLoaders, type Loaders, type Session } from './common/loaders';
import type { Config } from './config';
import type { Registry } from './common/module';
import { passwordChangeRequired, unauthenticated } from './common/errors';
import { idempotencyOf, type Idempotency } from './common/idempotency';
import { currentRequest } from './common/logging/request-log';
import { DEFAULT_LOCALE, type Locale } from './common/text';
import type { Viewer } from './common/viewer';
import type { ReadReplicas } from './db/read-replicas';
import type { AuthService } from './modules/auth/auth.service';
import type { LiveSession } from './modules/live/live-session';

/** Everything one request needs; built once per request by `createContext`, never shared. */
export interface Context {
  requestId: string;
  viewer: Viewer | null;
  /** The caller's network address, for throttling sign-ins. */
  clientIp: string;
  /** The request's `Idempotency-Key`, applied by `runMutation`; null without the header. */
  idempotency?: Idempotency | null;
  /**
   * The language of the messages the caller reads (userErrors, coded errors, alert details),
   * negotiated once from `Accept-Language`; English for tools. Codes never depend on it.
   */
  locale: Locale;
  loaders: Loaders;
  /** Where the request reads: the primary, or for a query operation a replica (`readFrom`). */
  dataSource: DataSource;
  /** The replicas (DATABASE_REPLICA_URLS), told of each commit; absent without them. */
  readReplicas?: ReadReplicas;
  config: Config;
  auth: AuthService;
  /** What the modules declare: node types and their read scopes, constraint refusals. */
  registry: Registry;
  /**
   * The clock the rules read ("today", a finalization's time); unset for a request, so real time.
   * The demo seed sets it to its own fixed day, so that a world dated relative to that day passes
   * the same date rules (nothing in the future, a posting active once it has started) it would
   * have passed on that day.
   */
  now?: Date;
  /** Makes `viewer` the request's viewer, for this context and its loaders (used by login). */
  signIn(viewer: Viewer): void;
  /** Reads from `dataSource` (a replica) from now on, loaders included: server/db/read-routing.ts. */
  readFrom(dataSource: DataSource): void;
  /**
   * A subscription's WebSocket connection and the process's live events (live/live-stream.ts);
   * absent on HTTP.
   */
  live?: LiveSession;
}

/**
 * The context inside a mutation (`runMutation`): `tx` is the mutation's transaction, and every
 * read and write of the mutation goes through it. Outside a mutation there is none, so code that
 * needs one says so by taking a `TxContext`.
 */
export interface TxContext extends Context {
  readonly tx: EntityManager;
}

export function inTransaction(ctx: Context): ctx is TxContext {
  return 'tx' in ctx;
}

/**
 * A copy of `ctx` that carries `tx`. Apollo copies the context per operation the same way (own
 * properties onto the same prototype), so a mutation's transaction stays its own: two mutations
 * of one operation run one after the other, each in a copy of its own, and the payload's fields,
 * resolved after the commit, see the plain context. What must be shared across copies (the
 * signed-in viewer of `signIn`) lives in objects the copies share.
 */
export function withTransaction(ctx: Context, tx: EntityManager): TxContext {
  return Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as Context, ctx, { tx });
}

/** A context whose viewer is known to be signed in. */
export type AuthedContext = Context & { viewer: Viewer };

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/**
 * The one rule for a viewer signed in with a one-time password: nothing but the operations in
 * `leftToThem` until they choose their own password (PASSWORD_CHANGE_REQUIRED, HTTP 403). The
 * GraphQL auth checker applies it to every operation; an entry point outside GraphQL (an HTTP
 * route) calls it with its own name and no exemption.
 */
export function expectPasswordChosen(
  viewer: Viewer,
  operation: string,
  leftToThem: ReadonlySet<string> = new Set(),
): void {
  if (viewer.passwordChangeRequired && !leftToThem.has(operation)) throw passwordChangeRequired();
}

export interface ContextDeps {
  dataSource: DataSource;
  readReplicas?: ReadReplicas;
  config: Config;
  auth: AuthService;
  registry: Registry;
}

export interface RequestFacts {
  authorization: string | undefined;
  clientIp: string;
  /** The `Idempotency-Key` header and the request body it is bound to. */
  idempotencyKey?: string | string[];
  body?: unknown;
  /** Negotiated from `Accept-Language` (server/common/text.ts). */
  locale?: Locale;
}

export async function createContext(deps: ContextDeps, request: RequestFacts): Promise<Context> {
  const viewer = await deps.auth.viewerFromAuthorization(request.authorization);
  const ctx = contextFor(deps, viewer, request.clientIp);
  ctx.idempotency = idempotencyOf(request.idempotencyKey, request.body);
  ctx.locale = request.locale ?? DEFAULT_LOCALE;
  return ctx;
}

/**
 * A context for a known viewer: a request's, once its credentials are read, or a command-line
 * tool's system viewer (`npm run import`), which has no request to sign in with.
 */
export function contextFor(deps: ContextDeps, viewer: Viewer | null, clientIp: string): Context {
  const session: Session = { viewer };
  const ctx: Context = {
    // The HTTP request's id (X-Request-Id, the log lines); a tool's context has its own.
    requestId: currentRequest()?.requestId ?? randomUUID(),
    viewer: session.viewer,
    clientIp,
    idempotency: null,
    locale: DEFAULT_LOCALE,
    dataSource: deps.dataSource,
    readReplicas: deps.readReplicas,
    config: deps.config,
    auth: deps.auth,
    registry: deps.registry,
    loaders: createLoaders(deps.dataSource, session, deps.registry.nodes),
    signIn(this: Context, viewer: Viewer) {
      session.viewer = viewer;
      this.viewer = viewer;
    },
    readFrom(this: Context, dataSource: DataSource) {
      this.dataSource = dataSource;
      this.loaders = createLoaders(dataSource, session, deps.registry.nodes);
    },
  };
  return ctx;
}
