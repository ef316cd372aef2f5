import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createLoaders, type Loaders } from './common/loaders';
import type { Config } from './config';
import { unauthenticated } from './common/errors';
import type { Viewer } from './modules/auth/viewer';
import type { AuthService } from './modules/auth/auth.service';

/** Everything one request needs; built once per request by `createContext`, never shared. */
export interface Context {
  requestId: string;
  viewer: Viewer | null;
  loaders: Loaders;
  dataSource: DataSource;
  config: Config;
  auth: AuthService;
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
}

export async function createContext(
  deps: ContextDeps,
  authorization: string | undefined,
): Promise<Context> {
  const viewer = await deps.auth.viewerFromAuthorization(authorization);
  const ctx: Context = {
    requestId: randomUUID(),
    viewer,
    dataSource: deps.dataSource,
    config: deps.config,
    auth: deps.auth,
    loaders: undefined as unknown as Loaders,
    transaction: (work) => deps.dataSource.transaction(work),
  };
  ctx.loaders = createLoaders(ctx);
  return ctx;
}
