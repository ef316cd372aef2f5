import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Budgets, Principal } from './common/cost/budget';
import type { DocumentBounds } from './common/cost/document-bounds';
import { ensureDirectory } from './common/directory';
import { readOrCreateSecret } from './common/secret-file';

/** Every environment variable Guazhi reads, parsed and validated in one place. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Address the HTTP server binds to; undefined = every interface (production's default). */
  host: string | undefined;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl: string | undefined;
  /**
   * Streaming standbys of that PostgreSQL that GraphQL queries may read from (README "Running at
   * scale"); empty: everything reads from the primary.
   */
  databaseReplicaUrls: string[];
  /** How long after a viewer's write their reads wait for replicas to replay it (or lag at most). */
  replicaStickyMs: number;
  /** Hot reads (viewer lookup, by-id loads) as named prepared statements (server/db/pool-read.ts). */
  preparedStatements: boolean;
  /** Connections per pool (the primary's, and each replica's). */
  poolSize: number;
  /**
   * Runs of a query document on graphql-js before it is compiled (server/common/compiled-execution.ts);
   * null: never compiled.
   */
  compileAfter: number | null;
  dataDir: string;
  embeddedPort: number;
  /** Seed demo data on first start of an empty database (never in production). */
  seedDemo: boolean;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** Expose stack traces in errors: development only. */
  exposeErrorDetails: boolean;
  /** Let anonymous callers introspect the schema. */
  anonymousIntrospection: boolean;
  maxQueryDepth: number;
  /** Lexical tokens one document may have, and aliases: cheap bounds on a request's size. */
  maxTokens: number;
  maxAliases: number;
  /**
   * Wrong passwords in a row for a username at one address before it waits (1, 2, 4 … s, at most
   * `loginWindowMinutes`); ×10 an hour per address (server/modules/auth/login-throttle.ts).
   */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  // --- Query cost (README "Limits, costs and budgets"; server/common/cost) ---
  /** Checked before validation: anonymous callers get the tight set (they may only sign in). */
  documentBounds: { signedIn: DocumentBounds; anonymous: DocumentBounds; anonymousTokens: number };
  /** Cost budgets per role and for anonymous callers: per operation, and per refilling window. */
  queryBudgets: Budgets;
  queryBudgetWindowSeconds: number;
  /** Express's `trust proxy`: set behind a load balancer so that client addresses are real. */
  trustProxy: boolean | number | string;
  /** pino level of the JSON logs; `silent` under tests unless GUAZHI_LOG_LEVEL asks. */
  logLevel: LogLevel;
  /** Browser origins (`https://dash.example.cn`) allowed to call the API cross-origin (CORS). */
  corsOrigins: string[];
  // --- Live updates (README "Live updates"; server/modules/live) ---
  /** How long live events are kept for clients that reconnect with the last event id they saw. */
  liveEventRetentionHours: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  wsMaxSubscriptions: number;
  /** WebSocket connections one user or API key may hold at once on one server instance. */
  wsMaxConnections: number;
  /**
   * Events one subscription may have waiting (those it may read): beyond, it ends with
   * RESYNC_REQUIRED and the client resumes from the kept events (live/live-stream.ts).
   */
  wsMaxPending: number;
  // --- Trusted documents (README "Trusted documents"; server/common/trusted-documents) ---
  /** Manifests beyond the SDK's (`GUAZHI_TRUSTED_DOCUMENTS`), absolute paths: third parties' documents. */
  trustedDocumentFiles: string[];
  /** Who may send only manifest documents (`GUAZHI_TRUSTED_DOCUMENTS_ONLY`); others may send any text. */
  trustedDocumentsOnly: TrustedDocumentsOnly;
}

/** Viewers held to manifest documents: roles (API keys issued as one included), every API key, anonymous callers. */
export interface TrustedDocumentsOnly {
  roles: string[];
  apiKeys: boolean;
  anonymous: boolean;
}

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** A count that must be at least 1 (a pool of no connections would wait forever). */
function atLeastOne(name: string, raw: string | undefined, fallback: number): number {
  const n = int(name, raw, fallback);
  if (n < 1) throw new Error(`${name} must be at least 1, got "${raw}"`);
  return n;
}

/** A TCP port, 1–65535: a larger number would pass as an integer and fail only at listen. */
function port(name: string, raw: string | undefined, fallback: number): number {
  const n = int(name, raw, fallback);
  if (n < 1 || n > 65_535) throw new Error(`${name} must be a port from 1 to 65535, got "${raw}"`);
  return n;
}

/** Runs of a query document before it is compiled: an integer, or `off` for never (null). */
function compileAfterOf(raw: string | undefined): number | null {
  if (raw === 'off') return null;
  if (raw !== undefined && raw !== '' && !/^\d+$/.test(raw))
    throw new Error(`GUAZHI_COMPILE_AFTER must be a non-negative integer or off, got "${raw}"`);
  return int('GUAZHI_COMPILE_AFTER', raw, 1);
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** `true`/`false`, a hop count, or a list of addresses/subnets, as Express understands them. */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** Measured (README): validating the worst document within the signed-in bounds takes ~25 ms. */
export const DEFAULT_DOCUMENT_BOUNDS: Config['documentBounds'] = {
  signedIn: {
    fields: 600,
    expandedFields: 600,
    fanOut: 150,
    fragments: 30,
    fragmentSpreads: 50,
    directives: 30,
    operations: 10,
  },
  anonymous: {
    fields: 50,
    expandedFields: 50,
    fanOut: 20,
    fragments: 5,
    fragmentSpreads: 5,
    directives: 5,
    operations: 1,
  },
  /** Lexical tokens of an anonymous document (a sign-in has ~30): the parser stops there. */
  anonymousTokens: 300,
};

export const DEFAULT_QUERY_BUDGETS: Budgets = {
  ANONYMOUS: { perRequest: 50, perWindow: 3_000 },
  CADRE: { perRequest: 2_000, perWindow: 20_000 },
  MENTOR: { perRequest: 5_000, perWindow: 50_000 },
  UNIT_MANAGER: { perRequest: 10_000, perWindow: 100_000 },
  ANALYST: { perRequest: 10_000, perWindow: 100_000 },
  ORG_ADMIN: { perRequest: 20_000, perWindow: 200_000 },
};

/** `GUAZHI_QUERY_BUDGETS="CADRE=2000/20000,ANONYMOUS=50/1000"`: per request / per window. */
function queryBudgets(raw: string | undefined): Budgets {
  const budgets = structuredClone(DEFAULT_QUERY_BUDGETS);
  for (const entry of (raw ?? '').split(',').filter((e) => e.trim())) {
    const match = /^\s*([A-Z_]+)=(\d+)\/(\d+)\s*$/.exec(entry);
    if (!match || !(match[1] in budgets) || Number(match[2]) > Number(match[3]))
      throw new Error(
        `GUAZHI_QUERY_BUDGETS entries are ROLE=perRequest/perWindow (perRequest ≤ perWindow), roles ${Object.keys(budgets).join(', ')}; got "${entry}"`,
      );
    budgets[match[1] as Principal] = { perRequest: Number(match[2]), perWindow: Number(match[3]) };
  }
  return budgets;
}

/**
 * Exactly one of the three names: anything else (`Production`, `prod`) would otherwise run as
 * development — demo accounts, stack traces — so it stops the start instead. Unset means development.
 */
function nodeEnvOf(raw: string | undefined): Config['env'] {
  if (raw === undefined || raw === '') return 'development';
  if ((NODE_ENVS as readonly string[]).includes(raw)) return raw as Config['env'];
  throw new Error(`NODE_ENV must be one of ${NODE_ENVS.join(', ')} (exactly), got "${raw}"`);
}

/**
 * The token signing key. Never a constant in the source: production must be given one; development
 * keeps a random one in its data directory (so tokens outlive a restart); a test process makes its own.
 */
function jwtSecretOf(env: NodeJS.ProcessEnv, nodeEnv: Config['env'], dataDir: string): string {
  const given = env.GUAZHI_JWT_SECRET;
  if (given) {
    if (given.length < 32) throw new Error('GUAZHI_JWT_SECRET must be at least 32 characters');
    return given;
  }
  if (nodeEnv === 'test') return randomBytes(32).toString('hex');
  if (nodeEnv === 'development') {
    ensureDirectory(dataDir, 'GUAZHI_DATA_DIR');
    try {
      return readOrCreateSecret(path.join(dataDir, 'jwt-secret'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(
        `GUAZHI_DATA_DIR=${dataDir} cannot hold the token key (${code}): set GUAZHI_DATA_DIR to a folder this user can write`,
      );
    }
  }
  throw new Error(
    `GUAZHI_JWT_SECRET must be set (at least 32 characters) with NODE_ENV=production${
      env.DATABASE_URL ? ' and DATABASE_URL' : ''
    }`,
  );
}

function logLevelOf(raw: string | undefined, nodeEnv: Config['env']): LogLevel {
  if (raw === undefined || raw === '') return nodeEnv === 'test' ? 'silent' : 'info';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw new Error(`GUAZHI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
}

/** The entries of a comma-separated list, trimmed, empty ones left out. */
function listOf(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Comma-separated exact origins (scheme://host[:port]); `*` is refused: name who may call. */
function corsOriginsOf(raw: string | undefined): string[] {
  const origins = listOf(raw);
  for (const origin of origins) {
    const parsed = urlOf(origin);
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(
        `GUAZHI_CORS_ORIGINS must list origins such as https://dash.example.cn (no path, no *), got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Comma-separated `postgres://` URLs; replicas need the primary's, so they are refused without it. */
function replicaUrlsOf(raw: string | undefined, databaseUrl: string | undefined): string[] {
  const urls = listOf(raw);
  for (const url of urls) {
    const protocol = urlOf(url)?.protocol;
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      // The URL itself is left out: it may carry a password.
      throw new Error(
        'DATABASE_REPLICA_URLS must list postgres://user:password@host:port/database URLs, comma-separated',
      );
    }
  }
  if (urls.length > 0 && !databaseUrl) {
    throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas stream from that primary');
  }
  return urls;
}

/**
 * `GUAZHI_TRUSTED_DOCUMENTS_ONLY="ANALYST,API_KEYS"`: role names, `API_KEYS` (every API key) and
 * `ANONYMOUS` (callers without a credential); a misspelt entry stops the start rather than
 * leaving someone unrestricted.
 */
function trustedDocumentsOnlyOf(raw: string | undefined): TrustedDocumentsOnly {
  const roles = Object.keys(DEFAULT_QUERY_BUDGETS).filter((name) => name !== 'ANONYMOUS');
  const entries = listOf(raw);
  for (const entry of entries)
    if (![...roles, 'API_KEYS', 'ANONYMOUS'].includes(entry))
      throw new Error(
        `GUAZHI_TRUSTED_DOCUMENTS_ONLY lists ${roles.join(', ')}, API_KEYS or ANONYMOUS, comma-separated; got "${entry}"`,
      );
  return {
    roles: entries.filter((entry) => roles.includes(entry)),
    apiKeys: entries.includes('API_KEYS'),
    anonymous: entries.includes('ANONYMOUS'),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = nodeEnvOf(env.NODE_ENV);
  const production = nodeEnv === 'production';
  const dataDir = path.resolve(env.GUAZHI_DATA_DIR ?? '.data');
  const jwtSecret = jwtSecretOf(env, nodeEnv, dataDir);
  return {
    env: nodeEnv,
    port: port('PORT', env.PORT, 4000),
    // Development and tests stay on the loopback interface unless HOST says otherwise.
    host: env.HOST || (production ? undefined : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrls: replicaUrlsOf(env.DATABASE_REPLICA_URLS, env.DATABASE_URL || undefined),
    replicaStickyMs: int('GUAZHI_REPLICA_STICKY_MS', env.GUAZHI_REPLICA_STICKY_MS, 5_000),
    poolSize: atLeastOne('GUAZHI_DB_POOL_SIZE', env.GUAZHI_DB_POOL_SIZE, 10),
    preparedStatements: bool('GUAZHI_PREPARED_STATEMENTS', env.GUAZHI_PREPARED_STATEMENTS, true),
    compileAfter: compileAfterOf(env.GUAZHI_COMPILE_AFTER),
    dataDir,
    embeddedPort: port('GUAZHI_EMBEDDED_PG_PORT', env.GUAZHI_EMBEDDED_PG_PORT, 54329),
    seedDemo: !production && bool('GUAZHI_SEED', env.GUAZHI_SEED, true),
    jwtSecret,
    tokenTtlSeconds: int('GUAZHI_TOKEN_TTL_SECONDS', env.GUAZHI_TOKEN_TTL_SECONDS, 8 * 3600),
    exposeErrorDetails: nodeEnv === 'development' && env.GUAZHI_ERROR_DETAILS !== 'false',
    anonymousIntrospection: bool(
      'GUAZHI_ANONYMOUS_INTROSPECTION',
      env.GUAZHI_ANONYMOUS_INTROSPECTION,
      false,
    ),
    maxQueryDepth: int('GUAZHI_MAX_DEPTH', env.GUAZHI_MAX_DEPTH, 10),
    maxTokens: int('GUAZHI_MAX_TOKENS', env.GUAZHI_MAX_TOKENS, 5000),
    maxAliases: int('GUAZHI_MAX_ALIASES', env.GUAZHI_MAX_ALIASES, 20),
    loginMaxFailures: int('GUAZHI_LOGIN_MAX_FAILURES', env.GUAZHI_LOGIN_MAX_FAILURES, 10),
    loginWindowMinutes: int('GUAZHI_LOGIN_WINDOW_MINUTES', env.GUAZHI_LOGIN_WINDOW_MINUTES, 15),
    documentBounds: DEFAULT_DOCUMENT_BOUNDS,
    queryBudgets: queryBudgets(env.GUAZHI_QUERY_BUDGETS),
    queryBudgetWindowSeconds:
      int('GUAZHI_QUERY_BUDGET_WINDOW_SECONDS', env.GUAZHI_QUERY_BUDGET_WINDOW_SECONDS, 60) || 60,
    trustProxy: trustProxy(env.GUAZHI_TRUST_PROXY),
    logLevel: logLevelOf(env.GUAZHI_LOG_LEVEL, nodeEnv),
    corsOrigins: corsOriginsOf(env.GUAZHI_CORS_ORIGINS),
    liveEventRetentionHours:
      int('GUAZHI_LIVE_EVENT_RETENTION_HOURS', env.GUAZHI_LIVE_EVENT_RETENTION_HOURS, 24) || 24,
    wsMaxSubscriptions:
      int('GUAZHI_WS_MAX_SUBSCRIPTIONS', env.GUAZHI_WS_MAX_SUBSCRIPTIONS, 20) || 20,
    wsMaxConnections: int('GUAZHI_WS_MAX_CONNECTIONS', env.GUAZHI_WS_MAX_CONNECTIONS, 10) || 10,
    wsMaxPending: int('GUAZHI_WS_MAX_PENDING', env.GUAZHI_WS_MAX_PENDING, 10_000) || 10_000,
    trustedDocumentFiles: listOf(env.GUAZHI_TRUSTED_DOCUMENTS).map((file) => path.resolve(file)),
    trustedDocumentsOnly: trustedDocumentsOnlyOf(env.GUAZHI_TRUSTED_DOCUMENTS_ONLY),
  };
}
