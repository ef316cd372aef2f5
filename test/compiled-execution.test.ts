import type { AddressInfo } from 'node:net';
import {
  getOperationAST,
  isObjectType,
  parse,
  type DocumentNode,
  type GraphQLObjectType,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { getMetadataStorage } from 'type-graphql';
import { createApp, type App } from '../server/app';
import {
  compiledExecution,
  documentFacts,
  withInputDefaults,
} from '../server/common/compiled-execution';
import { isFieldRuleGuard } from '../server/common/field-rule';
import { toGlobalId } from '../server/common/global-id';
import { createSchema } from '../server/schema';
import { fragmentOn, nodeImplementations, PAGE } from './support/leak-documents';
import { postGraphql } from './support/env';
import { LeakWalk, inParallel } from './support/leak-walk';
import { VIEWER_LABELS } from './support/leak-world';

/**
 * Compiled execution (server/common/compiled-execution.ts, issue #12) answers exactly what
 * graphql-js answers: the same database and viewers served by two apps, one compiling every query
 * from its first run (as the whole suite does), one never, must send the same bytes for every
 * generated document — data, denied fields' errors with their paths and codes, nulls.
 */

let walk: LeakWalk;
let plain: App;
let plainUrl: string;

beforeAll(async () => {
  walk = await LeakWalk.open();
  plain = await createApp({
    dataSource: walk.env.dataSource,
    config: { ...walk.env.config, compileAfter: null },
    logError: () => undefined,
  });
  await new Promise<void>((resolve) => plain.server.listen(0, '127.0.0.1', resolve));
  plainUrl = `http://127.0.0.1:${(plain.server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await plain?.stop();
  await walk?.env.close();
});

/** Status and body of one request. */
async function answer(
  url: string,
  query: string,
  variables: object,
  token?: string,
  operationName?: string,
) {
  const res = await postGraphql(url, query, variables, token, operationName);
  const body = res as unknown as {
    data?: unknown;
    errors?: { extensions?: Record<string, unknown> }[];
  };
  // The request id differs on every request; that there is one does not.
  for (const error of body.errors ?? [])
    if (error.extensions?.requestId) error.extensions.requestId = 'present';
  // GraphQL leaves the order of errors open: each executor lists them as its resolvers settle.
  const errors = body.errors
    ?.map((error) => JSON.stringify(error))
    .sort()
    .map((error) => JSON.parse(error) as unknown);
  return { status: res.status, data: body.data, errors };
}

/** The same request to both apps; the compiled one twice (its first run may be on graphql-js). */
async function bothAnswers(
  query: string,
  variables: object = {},
  token?: string,
  operationName?: string,
) {
  const expected = await answer(plainUrl, query, variables, token, operationName);
  await answer(walk.env.url, query, variables, token, operationName);
  const compiled = await answer(walk.env.url, query, variables, token, operationName);
  return { expected, compiled };
}

describe('answers as graphql-js does', () => {
  it.each(VIEWER_LABELS)('every generated root document, as %s', async (label) => {
    const viewer = walk.world.viewer(label);
    const differing: string[] = [];
    await inParallel(walk.documents, async (doc) => {
      const { expected, compiled } = await bothAnswers(doc.query, {}, viewer.token);
      expect(expected.status).toBe(200);
      if (JSON.stringify(compiled) !== JSON.stringify(expected)) differing.push(doc.root);
    });
    expect(differing).toEqual([]);
  });

  it('nodes(ids:) of every row of every Node type, as every viewer', async () => {
    const types = nodeImplementations(walk.schema);
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ${types
      .map((t) => fragmentOn(t))
      .join(' ')} } }`;
    const ids = walk
      .oracleFor(walk.world.viewers[0])
      .allRows()
      .map((row) => toGlobalId(row.type, row.id));
    expect(ids.length).toBeGreaterThan(20);
    for (const label of VIEWER_LABELS) {
      for (let start = 0; start < ids.length; start += PAGE) {
        const page = ids.slice(start, start + PAGE);
        const token = walk.world.viewer(label).token;
        const { expected, compiled } = await bothAnswers(query, { ids: page }, token);
        expect(compiled).toEqual(expected);
      }
    }
  });

  it('refused variables with the same errors and HTTP 400', async () => {
    const token = walk.world.viewer('ORG_ADMIN').token;
    const cases: [string, object][] = [
      ['query ($n: Int!) { postings(first: $n) { totalCount } }', { n: 'fifty' }],
      ['query ($n: Int!) { postings(first: $n) { totalCount } }', {}],
      ['query ($o: PostingOrder) { postings(orderBy: $o) { totalCount } }', { o: [] }],
      [
        'query ($o: PostingOrder) { postings(orderBy: $o) { totalCount } }',
        { o: { field: 'NOT_A_FIELD' } },
      ],
      [
        'query ($o: PostingOrder) { postings(orderBy: $o) { totalCount } }',
        { o: { field: 'START_DATE', extra: 1 } },
      ],
    ];
    for (const [query, variables] of cases) {
      const { expected, compiled } = await bothAnswers(query, variables, token);
      expect(expected.status).toBe(400);
      expect(compiled).toEqual(expected);
    }
  });

  it('fills an input object’s omitted default (orderBy without direction) as graphql-js does', async () => {
    const token = walk.world.viewer('ORG_ADMIN').token;
    const query = `query ($o: PostingOrder) {
      postings(first: 5, orderBy: $o) { nodes { id startDate } }
    }`;
    const { expected, compiled } = await bothAnswers(query, { o: { field: 'START_DATE' } }, token);
    expect(expected.errors).toBeUndefined();
    expect(compiled).toEqual(expected);
    const explicit = await answer(
      walk.env.url,
      query,
      { o: { field: 'START_DATE', direction: 'ASC' } },
      token,
    );
    expect(explicit.data).toEqual(expected.data);
  });

  it('no operation chosen (several without operationName, or an unknown name): 400, as graphql-js', async () => {
    const token = walk.world.viewer('ORG_ADMIN').token;
    const two = 'query A { me { username } } query B { me { role } }';
    for (const [query, name] of [
      [two, undefined],
      ['query A { me { username } }', 'Nope'],
    ] as const) {
      const { expected, compiled } = await bothAnswers(query, {}, token, name);
      expect(expected.status).toBe(400);
      expect(compiled).toEqual(expected);
    }
  });

  it('an unexpected failure: logged, masked, with the request id', async () => {
    const token = walk.world.viewer('ORG_ADMIN').token;
    await walk.env.dataSource.query('ALTER TABLE unit RENAME TO unit_hidden');
    try {
      const { expected, compiled } = await bothAnswers('{ units { totalCount } }', {}, token);
      expect(expected.errors).toEqual([
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 3 }],
          path: ['units'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'present' },
        },
      ]);
      expect(compiled).toEqual(expected);
    } finally {
      await walk.env.dataSource.query('ALTER TABLE unit_hidden RENAME TO unit');
    }
  });
});

describe('what a review found compiled differently, now as graphql-js', () => {
  const admin = () => walk.world.viewer('ORG_ADMIN').token;

  it('a variable inside an input object literal, not sent: the field’s default, not null', async () => {
    const query = `query ($d: OrderDirection) {
      postings(first: 3, orderBy: { field: START_DATE, direction: $d }) { nodes { id startDate } }
    }`;
    const { expected, compiled } = await bothAnswers(query, {}, admin());
    expect(expected.errors).toBeUndefined();
    expect(compiled).toEqual(expected);
    const sent = await bothAnswers(query, { d: 'DESC' }, admin());
    expect(sent.compiled).toEqual(sent.expected);
    expect(sent.expected.data).not.toEqual(expected.data);
  });

  it('a fragment skipped in one place keeps its fields in another', async () => {
    const query = `query ($a: Boolean!) {
      p1: postings(first: 1) { nodes { ...F @include(if: $a) } }
      p2: postings(first: 1) { nodes { ...F } }
    } fragment F on Posting { id startDate }`;
    const { expected, compiled } = await bothAnswers(query, { a: false }, admin());
    expect(JSON.stringify(expected.data)).toMatch(/startDate/);
    expect(compiled).toEqual(expected);
  });

  it('one operation of a document does not change another’s answer', async () => {
    const query = `query A($a: Boolean!) { postings(first: 1) { nodes { ...F @include(if: $a) } } }
      query B { postings(first: 1) { nodes { ...F } } }
      fragment F on Posting { id startDate }`;
    await bothAnswers(query, { a: false }, admin(), 'A');
    const { expected, compiled } = await bothAnswers(query, {}, admin(), 'B');
    expect(JSON.stringify(expected.data)).toMatch(/startDate/);
    expect(compiled).toEqual(expected);
  });

  it('fields in the order the document asks for them, a skipped selection first', async () => {
    const query = `query ($a: Boolean!) {
      postings(first: 1) { nodes { ... @include(if: $a) { startDate } id startDate } }
    }`;
    const { expected, compiled } = await bothAnswers(query, { a: false }, admin());
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(expected));
  });

  it('known and kept: with the whole data null, the errors of sibling fields too', async () => {
    // graphql-js stops collecting errors once a non-null root field has nulled the response;
    // graphql-jit lists those its other fields raised as well. No value is shown either way.
    const query = '{ users(first: 1) { totalCount } cadres(first: 2) { nodes { phone } } }';
    const { expected, compiled } = await bothAnswers(query, {}, walk.world.viewer('ANALYST').token);
    expect([expected.data, compiled.data]).toEqual([null, null]);
    expect(compiled.errors).toEqual(expect.arrayContaining(expected.errors ?? []));
    expect(
      (compiled.errors as { extensions: { code: string } }[]).every(
        (e) => e.extensions.code === 'FORBIDDEN',
      ),
    ).toBe(true);
  });
});

describe('documentFacts', () => {
  it('keeps documents with @skip or @include off compilation, and finds variables in literals', () => {
    expect(documentFacts(parse('{ a @skip(if: true) }')).compilable).toBe(false);
    expect(
      documentFacts(parse('{ ...F } fragment F on Query { a @include(if: $x) }')).compilable,
    ).toBe(false);
    expect(
      documentFacts(
        parse('query ($n: Int, $d: X, $l: Y) { a(first: $n, o: { d: $d }, l: [1, $l]) }'),
      ),
    ).toEqual({ compilable: true, nestedVariables: ['d', 'l'] });
  });
});

describe('withInputDefaults', () => {
  it('writes out what graphql-jit would otherwise refuse', async () => {
    const schema = await createSchema();
    const document = parse('query ($o: PostingOrder) { postings(orderBy: $o) { totalCount } }');
    const compiled = compileQuery(schema, document);
    if (!isCompiledQuery(compiled)) throw new Error('did not compile');
    const operation = getOperationAST(document)!;
    const sent = { o: { field: 'START_DATE' } };
    expect(withInputDefaults(schema, operation, sent)).toEqual({
      o: { field: 'START_DATE', direction: 'ASC' },
    });
    expect(sent).toEqual({ o: { field: 'START_DATE' } }); // the request's own object untouched
    // graphql-jit alone refuses the variable (errors and no data at all) …
    const refused = await compiled.query(undefined, {}, sent);
    expect('data' in refused).toBe(false);
    // … and reads it once filled (the resolver then fails on this bare context, with data).
    const read = await compiled.query(undefined, {}, withInputDefaults(schema, operation, sent));
    expect('data' in read).toBe(true);
  });

  it('returns the very object when nothing is added', async () => {
    const schema = await createSchema();
    const operation = getOperationAST(
      parse(
        'query ($o: PostingOrder, $n: Int) { postings(orderBy: $o, first: $n) { totalCount } }',
      ),
    )!;
    const sent = { o: { field: 'START_DATE', direction: 'DESC' }, n: 3 };
    expect(withInputDefaults(schema, operation, sent)).toBe(sent);
  });
});

describe('what is compiled', () => {
  const typename = (n: number): DocumentNode => parse(`query Q${n} { __typename }`);

  async function run(gateway: ReturnType<typeof compiledExecution>, document: DocumentNode) {
    const { executor } = await gateway.load({ apollo: {} });
    const operation = getOperationAST(document)!;
    return executor!({
      document,
      operation,
      operationName: operation.name?.value ?? null,
      context: {},
      request: { variables: {} },
    } as unknown as Parameters<NonNullable<typeof executor>>[0]);
  }

  it('a query document from its second run, once; never a document sent once', async () => {
    const gateway = compiledExecution(await createSchema(), { compileAfter: 1 });
    for (let n = 0; n < 5; n++) await run(gateway, typename(n));
    expect(gateway.compilations).toBe(0);
    const hot = typename(99);
    for (let n = 0; n < 4; n++)
      expect(await run(gateway, hot)).toEqual({ data: { __typename: 'Query' } });
    expect(gateway.compilations).toBe(1);
  });

  it('never a mutation, nor anything when off', async () => {
    const schema = await createSchema();
    const mutation = parse('mutation { __typename }');
    const gateway = compiledExecution(schema, { compileAfter: 0 });
    for (let n = 0; n < 3; n++)
      expect(await run(gateway, mutation)).toEqual({ data: { __typename: 'Mutation' } });
    expect(gateway.compilations).toBe(0);
    const off = compiledExecution(schema, { compileAfter: null });
    const hot = typename(1);
    for (let n = 0; n < 3; n++) await run(off, hot);
    expect(off.compilations).toBe(0);
  });
});

describe('plain fields read their property directly', () => {
  it('keeps the resolver of every field with roles, a middleware or a field resolver', async () => {
    const schema = await createSchema();
    const storage = getMetadataStorage();
    const classes = [...storage.objectTypes, ...storage.interfaceTypes];
    const guarded = classes.flatMap((c) =>
      (c.fields ?? [])
        .filter((f) => f.roles !== undefined || (f.middlewares ?? []).length > 0)
        .map((f) => ({ target: c.target, schemaName: f.schemaName })),
    );
    expect(guarded.length).toBeGreaterThan(3);
    const fieldRules = classes.flatMap((c) =>
      (c.fields ?? []).filter((f) => (f.middlewares ?? []).some((m) => isFieldRuleGuard(m))),
    );
    expect(fieldRules.length).toBeGreaterThan(3);
    const objectTypes = Object.values(schema.getTypeMap()).filter(
      (t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'),
    );
    const missing: string[] = [];
    for (const meta of guarded) {
      for (const type of objectTypes) {
        const field = type.getFields()[meta.schemaName];
        const declared = classes.find((c) => c.name === type.name)?.target;
        if (!field || !declared) continue;
        const inherits =
          declared === meta.target ||
          (declared.prototype as object) instanceof meta.target ||
          type
            .getInterfaces()
            .some((face) => classes.find((c) => c.name === face.name)?.target === meta.target);
        if (inherits && !field.resolve) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
    // The personal data of a cadre (FieldRule) and a posting's cadre (a field resolver) keep theirs.
    const cadre = schema.getType('Cadre') as GraphQLObjectType;
    const posting = schema.getType('Posting') as GraphQLObjectType;
    expect(cadre.getFields().phone.resolve).toBeDefined();
    expect(posting.getFields().cadre.resolve).toBeDefined();
    // Plain columns have none; `id` (the getter `globalId`, a field resolver of Node) keeps its.
    expect(posting.getFields().startDate.resolve).toBeUndefined();
    expect(posting.getFields().status.resolve).toBeUndefined();
    expect(posting.getFields().id.resolve).toBeDefined();
  });
});
