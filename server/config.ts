import path from 'node:path';
import type { Budgets, Principal } from './common/cost/budget';
import type { DocumentBounds } from './common/cost/document-bounds';

/** Every environment variable Guazhi reads, parsed and validated in one place. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl: string | undefined;
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
}

const DEV_SECRET = 'guazhi-development-secret-do-not-use-in-production';

function int(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv =
    env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const production = nodeEnv === 'production';
  const jwtSecret = env.GUAZHI_JWT_SECRET ?? (production ? undefined : DEV_SECRET);
  if (!jwtSecret || jwtSecret.length < 32) {
    throw new Error('GUAZHI_JWT_SECRET must be set to at least 32 characters in production');
  }
  return {
    env: nodeEnv,
    port: int('PORT', env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GUAZHI_DATA_DIR ?? '.data'),
    embeddedPort: int('GUAZHI_EMBEDDED_PG_PORT', env.GUAZHI_EMBEDDED_PG_PORT, 54329),
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
  };
}
