import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createLoaders, type Loaders, type Session } from './common/loaders';
import type { Config } from './config';
import type { Registry } from './common/module';
import { unauthenticated } from './common/errors';
import type { Viewer } from './common/viewer';
import type { AuthService } from './modules/auth/auth.service';

/** Everything one request needs; built once per request by `createContext`, never shared. */
export interface Context {
  requestId: string;
  viewer: Viewer | null;
  /** The caller's network address, for throttling sign-ins. */
  clientIp: string;
  loaders: Loaders;
  dataSource: DataSource;
  config: Config;
  auth: AuthService;
  /** What the modules declare: node types and their read scopes, constraint refusals. */
  registry: Registry;
  /** Makes `viewer` the request's viewer, for this context and its loaders (used by login). */
  signIn(viewer: Viewer): void;
  /** Runs `work` in one transaction; every multi-write mutation goes through here. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/** A context whose viewer is known to be signed in. */
export type AuthedContext = Context & { viewer: Viewer };

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

export interface ContextDeps {
  dataSource: DataSource;
  config: Config;
  auth: AuthService;
  registry: Registry;
}

export interface RequestFacts {
  authorization: string | undefined;
  clientIp: string;
}

export async function createContext(deps: ContextDeps, request: RequestFacts): Promise<Context> {
  const session: Session = {
    viewer: await deps.auth.viewerFromAuthorization(request.authorization),
  };
  const ctx: Context = {
    requestId: randomUUID(),
    viewer: session.viewer,
    clientIp: request.clientIp,
    dataSource: deps.dataSource,
    config: deps.config,
    auth: deps.auth,
    registry: deps.registry,
    loaders: createLoaders(deps.dataSource, session, deps.registry.nodes),
    signIn(this: Context, viewer: Viewer) {
      session.viewer = viewer;
      this.viewer = viewer;
    },
    transaction: (work) => deps.dataSource.transaction(work),
  };
  return ctx;
}
