import { getIntrospectionQuery } from 'graphql';
import { PostingCountDocument, PostingsPageDocument, UnitCountDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, type World } from './support/world';
import { encodeCursor } from '../server/common/pagination';
import { isDatabaseUnavailable } from '../server/common/errors';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

describe('errors reaching clients', () => {
  it('masks an unexpected database failure as INTERNAL_SERVER_ERROR without SQL or stack', async () => {
    await env.dataSource.query('ALTER TABLE unit RENAME TO unit_hidden');
    try {
      const res = await env.graphql(UnitCountDocument, {}, world.tokens.admin);
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) },
        }),
      ]);
      const text = JSON.stringify(res);
      expect(text).not.toMatch(/relation|SELECT|unit_hidden|stacktrace|at \//);
    } finally {
      await env.dataSource.query('ALTER TABLE unit_hidden RENAME TO unit');
    }
  });

  it('answers BAD_USER_INPUT when a cursor’s value does not fit the sort column', async () => {
    const res = await env.graphql(
      PostingsPageDocument,
      { first: 2, after: encodeCursor('not-a-date', 1) },
      world.tokens.admin,
    );
    expect(res.errors?.[0]).toMatchObject({
      message: 'after is not a valid cursor',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('answers GRAPHQL_VALIDATION_FAILED with HTTP 400 for an unknown field, without suggestions in production', async () => {
    const prod = await createTestEnv({ env: 'production' });
    try {
      const res = await prod.rawGraphql('{ postingz { totalCount } }');
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors?.[0].message).not.toContain('Did you mean');
    } finally {
      await prod.close();
    }
  });

  it('answers GRAPHQL_PARSE_FAILED with HTTP 400 for a syntax error', async () => {
    const res = await env.rawGraphql('{ postings { ', {}, world.tokens.admin);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('errors in development', () => {
  it('shows a stack only for unexpected errors, never for expected ones', async () => {
    const dev = await createTestEnv({ env: 'development', exposeErrorDetails: true });
    try {
      const denied = await dev.graphql(PostingCountDocument);
      expect(denied.errors?.[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        requestId: expect.any(String),
      });
    } finally {
      await dev.close();
    }
  });
});

describe('depth limit', () => {
  const nested = (levels: number) => {
    let selection = 'name';
    for (let i = 0; i < levels; i++)
      selection = i % 2 ? `homeUnit { ${selection} }` : `cadres { nodes { ${selection} } }`;
    return `{ units(first: 1) { nodes { ${selection} } } }`;
  };

  it('refuses an operation deeper than GUAZHI_MAX_DEPTH with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await env.rawGraphql(nested(12), {}, world.tokens.admin);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/at most 10 are allowed/);
  });

  it('runs an operation within the limit, and full introspection however deep', async () => {
    expect((await env.rawGraphql(nested(3), {}, world.tokens.admin)).errors).toBeUndefined();
    const introspection = await env.rawGraphql(getIntrospectionQuery(), {}, world.tokens.admin);
    expect(introspection.errors).toBeUndefined();
  });
});

describe('requests that are not GraphQL', () => {
  const post = (body: string) =>
    fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers malformed JSON with a GraphQL-shaped BAD_USER_INPUT and no stack', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body).not.toMatch(/at |node_modules|SyntaxError/);
  });

  it('answers a body over 1 MB with 413 and no stack', async () => {
    const res = await post(
      JSON.stringify({ query: `{ units { totalCount } } #${'x'.repeat(1_100_000)}` }),
    );
    expect(res.status).toBe(413);
    const body = await res.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body).not.toMatch(/node_modules/);
  });
});

describe('document size limits', () => {
  it('refuses more than 20 aliases with GRAPHQL_VALIDATION_FAILED', async () => {
    const fields = Array.from(
      { length: 21 },
      (_, i) => `a${i}: units(first: 1) { totalCount }`,
    ).join(' ');
    const res = await env.rawGraphql(`{ ${fields} }`, {}, world.tokens.admin);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].message).toMatch(/21 aliases; at most 20/);
  });

  it('refuses a document of more than 5000 tokens before parsing it whole', async () => {
    const fields = Array.from({ length: 6000 }, () => 'totalCount').join(' ');
    const res = await env.rawGraphql(`{ units { ${fields} } }`, {}, world.tokens.admin);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('telling an outage from a fault', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code });

  it.each([
    ['57P01 admin shutdown, wrapped by TypeORM', new QueryFailedError('q', [], pgError('57P01'))],
    ['ECONNREFUSED', pgError('ECONNREFUSED')],
    ['a lost connection, by message', new Error('Connection terminated unexpectedly')],
    ['a query runner released when its connection failed', new QueryRunnerAlreadyReleasedError()],
    ['a statement on such a runner', new QueryRunnerProviderAlreadyReleasedError()],
  ])('counts %s as the database being unavailable (503)', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('q', [], pgError('23505'))],
    ['a data exception', new QueryFailedError('q', [], pgError('22007'))],
    ['a plain bug', new TypeError('x is undefined')],
  ])('does not count %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
