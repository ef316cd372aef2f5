import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Pool } from 'pg';
import { createApp, type App } from '../server/app';
import { openDatabase } from '../server/db/data-source';
import { Lexer, Source, TokenKind } from 'graphql';
import { loadConfig, type Config } from '../server/config';
import { QueryBudgets } from '../server/common/cost/budget';
import type { CostReport } from '../server/common/cost/query-cost.plugin';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './support/env';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

/** A response with the cost Guazhi reports beside it. */
type Answer = GraphQLResponse & { extensions?: { cost?: CostReport } };

const times = (n: number, text: string | ((i: number) => string)) =>
  Array.from({ length: n }, (_, i) => (typeof text === 'string' ? text : text(i))).join(' ');

/** Statements other than reading the signed-in user: what a refused request must not run. */
const sqlBeyondAuth = () =>
  env.statements.statements.filter((s) => !/FROM app_user WHERE id = \$1 AND is_active/.test(s));

/** Posts a document and checks, when `refused`, the code, HTTP status and that no SQL ran. */
async function send(
  query: string,
  token?: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<Answer> {
  env.statements.reset();
  const res = await fetch(env.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

function expectRefused(res: GraphQLResponse, code: string, status = 400) {
  expect(res.status).toBe(status);
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(JSON.stringify(res)).not.toMatch(/stacktrace|at \/|node_modules/);
  expect(sqlBeyondAuth()).toEqual([]);
}

function expectBound(res: GraphQLResponse, bound: string) {
  expectRefused(res, 'DOCUMENT_TOO_COMPLEX');
  expect(res.errors?.[0].extensions?.bound).toBe(bound);
}

describe('document bounds, checked before validation', () => {
  const bounds = () => env.config.documentBounds.signedIn;
  /** Each bound's document of size n, within every other bound. */
  const documents: Record<string, (n: number) => { query: string; operationName?: string }> = {
    fanOut: (n) => ({ query: `{ ${times(n, '__typename')} }` }),
    // Nested under `me` so that no selection set is wider than the fan-out bound.
    fields: (n) => {
      const width = bounds().fanOut - 1;
      const full = Math.floor(n / (width + 1));
      const rest = n - full * (width + 1);
      return {
        query: `{ ${times(full, `me { ${times(width, 'username')} }`)} ${times(rest, '__typename')} }`,
      };
    },
    // One fragment spread several times: few fields as written, many once inlined.
    expandedFields: (n) => {
      const spreads = 6;
      const size = Math.floor(n / spreads) - 1;
      const rest = n - spreads * (size + 1);
      return {
        query: `fragment U on User { ${times(size, 'username')} }
          { ${times(spreads, 'me { ...U }')} ${times(rest, '__typename')} }`,
      };
    },
    fragmentSpreads: (n) => ({
      query: `fragment T on Query { __typename } { ${times(n, '...T')} }`,
    }),
    fragments: (n) => ({
      query: `${times(n, (i) => `fragment T${i} on Query { __typename }`)} { ${times(n, (i) => `...T${i}`)} }`,
    }),
    directives: (n) => ({ query: `{ ${times(n, '__typename @include(if: true)')} }` }),
    operations: (n) => ({
      query: times(n, (i) => `query Q${i} { __typename }`),
      operationName: 'Q0',
    }),
  };

  it.each(Object.keys(documents))('accepts %s at its bound and refuses one more', async (bound) => {
    const max = bounds()[bound as keyof ReturnType<typeof bounds>];
    const at = documents[bound](max);
    const accepted = await send(at.query, world.tokens.admin, {}, at.operationName);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.status).toBe(200);
    const over = documents[bound](max + 1);
    expectBound(await send(over.query, world.tokens.admin, {}, over.operationName), bound);
  });

  it('holds anonymous callers to tighter bounds', async () => {
    const anonymous = env.config.documentBounds.anonymous;
    expect(anonymous.fanOut).toBeLessThan(bounds().fanOut);
    for (const bound of ['fanOut', 'fragmentSpreads', 'fragments', 'directives', 'operations']) {
      const max = anonymous[bound as keyof typeof anonymous];
      const at = documents[bound](max);
      const accepted = await send(at.query, undefined, {}, at.operationName);
      expect(accepted.errors).toBeUndefined();
      const over = documents[bound](max + 1);
      expectBound(await send(over.query, undefined, {}, over.operationName), bound);
    }
  });

  it('holds a GET request to the same bounds', async () => {
    const query = `{ ${times(env.config.documentBounds.anonymous.fanOut + 1, '__typename')} }`;
    const res = await fetch(`${env.url}?query=${encodeURIComponent(query)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as GraphQLResponse).errors?.[0].extensions).toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      bound: 'fanOut',
    });
  });

  it('stops parsing an anonymous document at its own token bound', async () => {
    const max = env.config.documentBounds.anonymousTokens;
    expect(max).toBeLessThan(env.config.maxTokens);
    const tokens = (query: string) => {
      const lexer = new Lexer(new Source(query));
      let n = 0;
      while (lexer.advance().kind !== TokenKind.EOF) n++;
      return n;
    };
    const withTokens = (n: number) => {
      const query = (k: number) => `{ nodes(ids: [${times(k, (i) => `"${i}"`)}]) { id } }`;
      const k = n - tokens(query(0));
      expect(tokens(query(k))).toBe(n);
      return query(k);
    };
    const at = await send(withTokens(max));
    expect(at.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expectBound(await send(withTokens(max + 1)), 'tokens');
    expect(
      (await send(withTokens(max + 1), world.tokens.admin)).errors?.[0].extensions?.code,
    ).not.toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('refuses the 15 KB document of 700 repeated selections before validating it', async () => {
    const query = `{ ${times(700, 'units { nodes { id } }')} }`;
    expect(query.length).toBeGreaterThan(15_000);
    const started = performance.now();
    expectBound(await send(query), 'tokens');
    expectBound(await send(query, world.tokens.admin), 'fields');
    console.log(
      `700 × units{nodes{id}}: refused twice in ${(performance.now() - started).toFixed(1)} ms`,
    );
  });

  it('measures a chain of fragments that doubles at each step without expanding it', async () => {
    const chain = times(20, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const query = `${chain} fragment F20 on Query { __typename } { ...F0 }`;
    expectBound(await send(query, world.tokens.admin), 'expandedFields');
  });

  it('checks the bounds of a document Apollo has already validated for someone else', async () => {
    const query = `{ ${times(env.config.documentBounds.anonymous.fanOut + 1, '__typename')} }`;
    expect((await send(query, world.tokens.admin)).errors).toBeUndefined();
    expectBound(await send(query), 'fanOut');
  });
});

describe('query cost', () => {
  /** Aliased `postings(first: 100) { nodes { id } }` (cost 101 each) and one smaller, summing to `cost`. */
  const costing = (cost: number) => {
    const full = Math.floor((cost - 2) / 101);
    const rest = cost - full * 101 - 1;
    return `{ ${times(full, (i) => `p${i}: postings(first: 100) { nodes { id } }`)} last: postings(first: ${rest}) { nodes { id } } }`;
  };

  it('accepts an operation costing the budget and refuses one more, before any SQL', async () => {
    const budget = env.config.queryBudgets.CADRE.perRequest;
    const accepted = await send(costing(budget), world.tokens.cadre);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.extensions).toMatchObject({ cost: { requested: budget, budget } });
    const refused = await send(costing(budget + 1), world.tokens.cadre);
    expectRefused(refused, 'QUERY_TOO_COMPLEX');
    expect(refused.extensions).toMatchObject({ cost: { requested: budget + 1, budget } });
  });

  it('multiplies by first given in a variable, and by the default page when absent', async () => {
    const query = `query($n: Int) { postings(first: $n) { nodes { cadre { id } } } }`;
    const at = (n?: number) =>
      send(query, world.tokens.admin, n === undefined ? {} : { n }).then(
        (r) => r.extensions!.cost!.requested,
      );
    const [one, hundred, absent] = [await at(1), await at(100), await at()];
    expect(hundred - 1).toBe(100 * (one - 1));
    expect(absent - 1).toBe(20 * (one - 1));
  });

  it('answers variables that do not fit their arguments as before: 400, not a cost error', async () => {
    const res = await send(
      'query($n: Int) { postings(first: $n) { nodes { id } } }',
      world.tokens.admin,
      { n: 'many' },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(sqlBeyondAuth()).toEqual([]);
  });

  it('refuses the 1 KB document of 4 fragments × 4 aliases of nested postings', async () => {
    const level = `postings(first: 100) { nodes { cadre { postings(first: 100) { nodes { evaluations(first: 100) { nodes { id } } } } } } }`;
    const fragments = times(
      4,
      (f) => `fragment F${f} on Query { ${times(4, (a) => `a${f}${a}: ${level}`)} }`,
    );
    const query = `${fragments} { ...F0 ...F1 ...F2 ...F3 }`;
    expect(query.length).toBeLessThan(2_500);
    const started = performance.now();
    const res = await send(query, world.tokens.admin);
    expectRefused(res, 'QUERY_TOO_COMPLEX');
    const cost = res.extensions!.cost!;
    console.log(
      `4 fragments × 4 aliases (${query.length} B): cost ${cost.requested}, refused in ${(performance.now() - started).toFixed(1)} ms`,
    );
    expectBound(await send(query), 'tokens');
  });

  it('gives each role its own budget, and anonymous callers a tiny one', async () => {
    const budgets = env.config.queryBudgets;
    const roles = {
      cadre: 'CADRE',
      mentor: 'MENTOR',
      managerA: 'UNIT_MANAGER',
      analyst: 'ANALYST',
      admin: 'ORG_ADMIN',
    } as const;
    for (const [who, role] of Object.entries(roles)) {
      const token = world.tokens[who as keyof typeof roles];
      // nodes(ids:) multiplies its selection (1 per posting's cadre) by the number of ids.
      const ids = Array.from({ length: budgets[role].perRequest }, (_, i) => gid('Posting', i + 1));
      const over = await send(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Posting { cadre { id } } } }',
        token,
        { ids },
      );
      expectRefused(over, 'QUERY_TOO_COMPLEX');
      expect(over.extensions).toMatchObject({ cost: { budget: budgets[role].perRequest } });
      const under = await send(`{ postings(first: 1) { nodes { id } } }`, token);
      expect(under.extensions).toMatchObject({
        cost: { requested: 2, budget: budgets[role].perRequest },
      });
    }
    const anonymous = budgets.ANONYMOUS.perRequest;
    // Over it, the answer is what anonymous callers may do: sign in (401), before any SQL.
    const over = await send(`{ units(first: ${anonymous}) { nodes { id } } }`);
    expectRefused(over, 'UNAUTHENTICATED', 401);
    expect(over.extensions?.cost).toEqual({ requested: anonymous + 1, budget: anonymous });
    // Within budget, the request goes on and is refused as it was before: sign in first.
    const within = await send(`{ units(first: ${anonymous - 1}) { nodes { id } } }`);
    expect(within.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const login = await send(
      `mutation($input: LoginInput!) { login(input: $input) { token user { username role } userErrors { code } } }`,
      undefined,
      { input: { username: 'analyst', password: 'wrong-password-1' } },
    );
    expect(login.errors).toBeUndefined();
    expect(login.extensions!.cost!.requested).toBeLessThanOrEqual(anonymous);
  });
});

describe('HTTP status of refusals', () => {
  it('answers anonymous introspection with 401 UNAUTHENTICATED', async () => {
    expectRefused(await send('{ __schema { queryType { name } } }'), 'UNAUTHENTICATED', 401);
  });

  it('answers any subscription with 400 SUBSCRIPTIONS_NOT_SUPPORTED, without a stack', async () => {
    expectRefused(
      await send('subscription { postings { totalCount } }'),
      'SUBSCRIPTIONS_NOT_SUPPORTED',
    );
    expectRefused(
      await send('subscription Watch { __typename }', world.tokens.admin),
      'SUBSCRIPTIONS_NOT_SUPPORTED',
    );
  });
});

describe('refilling budget per caller, shared by all instances', () => {
  let apps: { app: App; url: string; close: () => Promise<void> }[] = [];

  /** A second and third server on the test's database, with a small anonymous window. */
  async function instance(config: Config) {
    const dataSource = await openDatabase(env.databaseUrl, { poolSize: 2 });
    const app = await createApp({ dataSource, config, logError: () => undefined });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const { port } = app.server.address() as AddressInfo;
    return {
      app,
      url: `http://127.0.0.1:${port}/graphql`,
      close: async () => {
        await app.stop();
        await dataSource.destroy();
      },
    };
  }
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  it('empties across two instances, answers RATE_LIMITED with Retry-After, then refills', async () => {
    const perRequest = env.config.queryBudgets.ANONYMOUS.perRequest;
    const config: Config = {
      ...env.config,
      queryBudgets: {
        ...env.config.queryBudgets,
        ANONYMOUS: { perRequest, perWindow: 3 * perRequest },
      },
      queryBudgetWindowSeconds: 2,
    };
    apps = [await instance(config), await instance(config)];
    // Earlier tests spent from the same anonymous bucket (127.0.0.1) in a 60 s window.
    await env.dataSource.query('DELETE FROM query_budget');
    const query = `{ units(first: ${perRequest - 1}) { nodes { id } } }`;
    const post = async (url: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return { res, body: (await res.json()) as Answer };
    };
    const [a, b] = apps.map((x) => x.url);
    const spent: number[] = [];
    for (const url of [a, b, a]) {
      const { body } = await post(url);
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      spent.push(body.extensions!.cost!.remaining!);
    }
    expect(spent).toEqual([2 * perRequest, perRequest, 0]);
    const limited = await post(b);
    expect(limited.res.status).toBe(429);
    expect(limited.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = limited.body.errors?.[0].extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(limited.res.headers.get('retry-after')).toBe(String(retryAfter));
    // A signed-in user has a bucket of their own: the anonymous one being empty changes nothing.
    const signedIn = await fetch(a, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${world.tokens.admin}`,
      },
      body: JSON.stringify({ query }),
    });
    expect(signedIn.status).toBe(200);

    // Connections cut as by a PostgreSQL restart: no crash, the budget still answers.
    await env.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    // (The pool reconnects; were PostgreSQL still away, an in-memory limiter would stand in.)
    const afterCut = await post(a);
    expect([429, 200]).toContain(afterCut.res.status);
    expect(['RATE_LIMITED', 'UNAUTHENTICATED']).toContain(
      afterCut.body.errors?.[0].extensions?.code,
    );

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const refilled = await post(b);
    expect(refilled.res.status).toBe(200);
    expect(refilled.body.extensions!.cost!.remaining).toBe(2 * perRequest);
  });
});

describe('purging expired budget rows', () => {
  it('keeps the counters in an unlogged table: a spend does not wait for a WAL flush', async () => {
    const [{ persistence }] = await env.dataSource.query(
      `SELECT relpersistence AS persistence FROM pg_class WHERE oid = 'query_budget'::regclass`,
    );
    expect(persistence).toBe('u');
  });

  it('purges, from spending and not from a timer, the rows expired for over an hour', async () => {
    const pool = (env.dataSource.driver as unknown as { master: Pool }).master;
    const now = Date.now();
    await env.dataSource.query('DELETE FROM query_budget');
    await env.dataSource.query(
      `INSERT INTO query_budget (key, points, expire) VALUES
         ('cost:ANONYMOUS:ip:old', 5, $1), ('cost:ANONYMOUS:ip:recent', 5, $2),
         ('cost:ANONYMOUS:ip:live', 5, $3)`,
      [now - 2 * 3600_000, now - 60_000, now + 60_000],
    );
    const keys = async () =>
      (await env.dataSource.query('SELECT key FROM query_budget ORDER BY key')).map(
        (r: { key: string }) => r.key,
      );
    // Not yet due (the default period): nothing is purged.
    await new QueryBudgets(pool, env.config.queryBudgets, 60).spend('ANONYMOUS', 'ip:x', 1);
    expect(await keys()).toContain('cost:ANONYMOUS:ip:old');

    const due = new QueryBudgets(pool, env.config.queryBudgets, 60, 0);
    expect(await due.spend('ANONYMOUS', 'ip:y', 1)).toMatchObject({ allowed: true });
    expect(await keys()).toEqual([
      'cost:ANONYMOUS:ip:live',
      'cost:ANONYMOUS:ip:recent',
      'cost:ANONYMOUS:ip:x',
      'cost:ANONYMOUS:ip:y',
    ]);
  });
});

describe('README "Limits, costs and budgets"', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Limits, costs and budgets'),
    readme.indexOf('## Configuration'),
  );

  it('lists every budget as configured by default', () => {
    for (const [principal, budget] of Object.entries(loadConfig({ NODE_ENV: 'test' }).queryBudgets))
      expect(section).toMatch(
        new RegExp(
          `\\| \`${principal}\`\\s*\\| ${budget.perRequest}\\s*\\| ${budget.perWindow}\\s*\\|`,
        ),
      );
  });

  it('lists every document bound as configured by default', () => {
    const { signedIn, anonymous } = loadConfig({ NODE_ENV: 'test' }).documentBounds;
    const row = (names: (keyof typeof signedIn)[]) =>
      new RegExp(
        `${names.map((n) => `\`${n}\``).join(', ')}[^|]*\\| ${names.map((n) => signedIn[n]).join(', ')}\\s*\\| ${names.map((n) => anonymous[n]).join(', ')}\\s*\\|`,
      );
    const { maxTokens, documentBounds } = loadConfig({ NODE_ENV: 'test' });
    expect(section).toMatch(
      new RegExp(`\`tokens\`[^|]*\\| ${maxTokens}\\s*\\| ${documentBounds.anonymousTokens}\\s*\\|`),
    );
    for (const names of [
      ['fields'],
      ['expandedFields'],
      ['fanOut'],
      ['fragments', 'fragmentSpreads'],
      ['directives', 'operations'],
    ] as const)
      expect(section).toMatch(row([...names]));
  });

  it('reads GUAZHI_QUERY_BUDGETS as it says, and refuses a malformed entry', () => {
    const { queryBudgets } = loadConfig({
      NODE_ENV: 'test',
      GUAZHI_QUERY_BUDGETS: 'CADRE=3000/30000,ANONYMOUS=50/500',
    });
    expect(queryBudgets.CADRE).toEqual({ perRequest: 3000, perWindow: 30000 });
    expect(queryBudgets.ANONYMOUS).toEqual({ perRequest: 50, perWindow: 500 });
    expect(queryBudgets.MENTOR).toEqual(loadConfig({ NODE_ENV: 'test' }).queryBudgets.MENTOR);
    for (const wrong of ['CADRE=3000', 'NOBODY=1/2', 'CADRE=300/30'])
      expect(() => loadConfig({ NODE_ENV: 'test', GUAZHI_QUERY_BUDGETS: wrong })).toThrow(
        /GUAZHI_QUERY_BUDGETS/,
      );
  });

  it('gives the cost of its example as the server computes it', async () => {
    const example = /`(postings\(first: 100\)[^`]*)` costs ([\d ]+)\./.exec(section)!;
    const res = await send(`{ ${example[1]} }`, world.tokens.admin);
    expect(res.extensions?.cost?.requested).toBe(Number(example[2].replace(/ /g, '')));
  });
});
