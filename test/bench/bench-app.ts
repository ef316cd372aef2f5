import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp, type App } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DEMO_PASSWORD } from '../../server/seed/demo';

/**
 * Query-cost budgets for benchmarks: ten clients for seconds on end would spend the per-minute
 * budgets, and the benchmarks measure speed, not the limits (test/query-cost.test.ts does).
 */
export const BENCH_BUDGETS =
  'ORG_ADMIN=20000/1000000000,UNIT_MANAGER=10000/1000000000,ANALYST=10000/1000000000';

/** Guazhi in production mode in this process, on a free port; `endpoint` is its /graphql. */
export async function startBenchApp(
  dataSource: DataSource,
): Promise<{ app: App; endpoint: string }> {
  const app = await createApp({
    dataSource,
    config: loadConfig({
      NODE_ENV: 'production',
      GUAZHI_JWT_SECRET: 'b'.repeat(40),
      // One log line per request would flood the figures; ask for them with GUAZHI_LOG_LEVEL.
      GUAZHI_LOG_LEVEL: process.env.GUAZHI_LOG_LEVEL ?? 'warn',
      GUAZHI_QUERY_BUDGETS: BENCH_BUDGETS,
    }),
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return {
    app,
    endpoint: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`,
  };
}

/** Posts GraphQL to a bench server (errors throw) and logs the demo accounts in. */
export function benchClient(endpoint: string) {
  const post = async (query: string, variables: object = {}, token?: string) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const tokenOf = async (username: string): Promise<string> =>
    (
      (await post('mutation ($i: LoginInput!) { login(input: $i) { token } }', {
        i: { username, password: DEMO_PASSWORD },
      })) as { login: { token: string } }
    ).login.token;
  return { post, tokenOf };
}
