import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, Logger } from 'typeorm';
import type { Logger as AppLogger } from '../../server/common/logging/logger';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase } from '../../server/db/data-source';
import type { ReadReplicas } from '../../server/db/read-replicas';

/** Counts the SQL statements the server sends, so tests can check that loaders batch. */
export class StatementCounter implements Logger {
  count = 0;
  statements: string[] = [];
  /** The same statements with their parameters (to EXPLAIN them). */
  sent: { sql: string; parameters: unknown[] }[] = [];
  /** Also run by `reset` (createTestEnv: the app forgets its kept viewer rows). */
  onReset: () => void = () => undefined;
  logQuery(query: string, parameters?: unknown[]): void {
    this.count++;
    this.statements.push(query);
    this.sent.push({ sql: query, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
  /**
   * Starts a measurement. Every measured request then reads its viewer from the database: whether
   * the kept row could be used depends on the LISTEN connection's last heartbeat (TRUST_MS), and a
   * count must not depend on timing.
   */
  reset(): void {
    this.onReset();
    this.count = 0;
    this.statements = [];
    this.sent = [];
  }
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

/**
 * A generated document: test/generated/graphql.ts (from test/operations) or the SDK's own. Its text
 * is sent as is; the types say what it returns and which variables it takes. `object` keeps plain
 * strings out: DocumentTypeDecoration alone has only optional members, which any string satisfies.
 */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> &
  object;

/** Variables may be left out exactly when the operation has no required variable. */
type Args<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, token?: string]
    : [variables: TVariables, token?: string];

export interface TestEnv {
  dataSource: DataSource;
  config: Config;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  baseUrl: string;
  statements: StatementCounter;
  databaseUrl: string;
  /** Posts one generated document with its typed variables; `token` becomes a Bearer header. */
  graphql<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...args: Args<TVariables>
  ): Promise<GraphQLResponse<TResult>>;
  /**
   * Posts a document given as text, unchecked by the type checker. Only for documents that cannot be
   * generated ahead: those built from the schema at run time (authz matrix, nested-leak walk) and
   * deliberately malformed or invalid ones (errors tests).
   */
  rawGraphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.GUAZHI_TEST_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!url)
    throw new Error('GUAZHI_TEST_ADMIN_URL is not set: run tests through jest (globalSetup)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function admin<T>(work: (client: Client) => Promise<T>, url = adminUrl()): Promise<T> {
  return withClient(url, work);
}

/** Runs `work` on a connection of its own to `url`, closed after. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Posts a document as text to a GraphQL endpoint; `token` becomes a Bearer header. */
export async function postGraphql(
  url: string,
  query: string,
  variables: unknown,
  token: string | undefined,
  operationName?: string,
): Promise<GraphQLResponse<never>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
  return { status: res.status, ...body } as GraphQLResponse<never>;
}

/** A fresh, migrated database for one test file, and the app serving it on a free port. */
export async function createTestEnv(
  overrides: Partial<Config> = {},
  options: {
    logger?: AppLogger;
    /** Another PostgreSQL server than the tests' own (read-replicas.test.ts starts a primary). */
    adminUrl?: string;
    /** Replicas of the test's database for the app's query operations. */
    readReplicas?: (databaseUrl: string, primary: DataSource) => ReadReplicas;
  } = {},
): Promise<TestEnv> {
  const database = `test_${randomBytes(6).toString('hex')}`;
  const serverUrl = options.adminUrl ?? adminUrl();
  await admin((c) => c.query(`CREATE DATABASE ${database}`), serverUrl);
  const databaseUrl = withDatabase(serverUrl, database);
  const statements = new StatementCounter();
  const dataSource = await openDatabase(databaseUrl, { logger: statements, poolSize: 5 });
  // Every query compiled from its first run, so that the whole suite runs compiled execution;
  // compiled-execution.test.ts holds it to graphql-js's answers.
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test' }),
    compileAfter: 0,
    ...overrides,
    databaseUrl,
  };
  const errors: unknown[] = [];
  const readReplicas = options.readReplicas?.(databaseUrl, dataSource);
  const app: App = await createApp({
    dataSource,
    readReplicas,
    config,
    logError: (e) => (process.env.GUAZHI_TEST_LOG ? console.error(e) : errors.push(e)),
    logger: options.logger,
  });
  statements.onReset = () => app.forgetViewers();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const url = `${baseUrl}/graphql`;

  const post = (query: string, variables: unknown, token: string | undefined) =>
    postGraphql(url, query, variables, token);

  return {
    dataSource,
    config,
    url,
    baseUrl,
    statements,
    databaseUrl,
    graphql: (document, ...[variables, token]) => post(document.toString(), variables, token),
    rawGraphql: (query, variables, token) => post(query, variables, token),
    async close() {
      await app.stop();
      await readReplicas?.close();
      await dataSource.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`), serverUrl);
    },
  };
}

/**
 * The answer of `node`/`nodes` narrowed to the type whose fragment selected `field`: generated
 * types make it a union over every Node type. Fails the test when it is null or another type.
 */
export function withField<T, K extends string>(
  value: T,
  field: K,
): Extract<NonNullable<T>, Record<K, unknown>> {
  if (typeof value !== 'object' || value === null || !(field in value))
    throw new Error(`expected an object with ${field}, got ${JSON.stringify(value)}`);
  return value as Extract<NonNullable<T>, Record<K, unknown>>;
}
