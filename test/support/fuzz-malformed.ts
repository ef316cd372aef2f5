/**
 * Malformed HTTP requests for the fuzz test (fuzz.test.ts): bodies that are not JSON, JSON that is
 * not a GraphQL request, content types the server does not take, documents that do not parse or
 * do not validate, and variables of the wrong type.
 */
import fc from 'fast-check';

export interface RawRequest {
  kind: string;
  method: 'GET' | 'POST';
  /** Path and query string, e.g. `/graphql?query=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

const post = (kind: string, body: string, headers: Record<string, string> = JSON_TYPE) =>
  ({ kind, method: 'POST', path: '/graphql', headers, body }) as RawRequest;

/** With fault 5 of issue 9: anonymous introspection (was HTTP 500) and subscriptions (was 500). */
const brokenDocuments = fc.oneof(
  fc.string({ maxLength: 60, unit: 'binary' }),
  fc.constantFrom(
    '{',
    'query {',
    '{ units { nodes { id }',
    '{ nope }',
    '{ units(first: "x") { nodes { id } } }',
    '{ units(first: 1e400) { totalCount } }',
    'mutation { login }',
    'query ($a: Int) { units(first: $b) { totalCount } }',
    '{ units { nodes { id ...F } } } fragment F on Unit { ...F }',
    `{ ${'a'.repeat(10_000)} }`,
    '{ unit(id: "\\u0000") { id } }',
    '{ node(id: "\\uD800") { id } }',
    '{ __schema { types { name } } }',
    'subscription { alertChanged { id } }',
    'subscription S { units { totalCount } }',
    '\u0000',
  ),
);

/** A document that validates, with variables of any type but the declared one. */
const wrongVariables = fc
  .tuple(
    fc.constantFrom(
      ['query ($first: Int) { units(first: $first) { totalCount } }', 'first'],
      ['query ($id: ID!) { node(id: $id) { id } }', 'id'],
      ['query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'ids'],
      ['mutation ($input: LoginInput!) { login(input: $input) { userErrors { code } } }', 'input'],
      ['query ($f: PostingFilter) { postings(first: 5, filter: $f) { totalCount } }', 'f'],
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(
        1e400,
        '1e400',
        [[[[[]]]]],
        { username: 1, password: null },
        { status: ['NOPE'] },
        { startDateFrom: '0000-01-01' },
        'a\u0000',
        -1,
        2 ** 31,
      ),
    ),
  )
  .map(([[query, name], value]) =>
    post('wrong variable type', JSON.stringify({ query, variables: { [name]: value } })),
  );

export const malformedRequests: fc.Arbitrary<RawRequest> = fc.oneof(
  // Bodies that are not JSON at all, or cut short.
  fc
    .oneof(
      fc.string({ maxLength: 80, unit: 'binary' }),
      fc.constantFrom('{', '{"query":', '{"query": "{ units { totalCount } }"', 'null', '[]', '""'),
    )
    .map((body) => post('bad JSON', body)),
  // JSON that is not a GraphQL request.
  fc.jsonValue({ maxDepth: 3 }).map((value) => post('JSON, not a request', JSON.stringify(value))),
  fc
    .record({
      query: fc.oneof(fc.jsonValue({ maxDepth: 2 }), brokenDocuments),
      variables: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
      operationName: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 1 })),
    })
    .map((r) => post('bad request fields', JSON.stringify(r))),
  // Documents that do not parse or do not validate.
  brokenDocuments.map((query) => post('invalid document', JSON.stringify({ query }))),
  wrongVariables,
  // Content types the server does not take (CSRF prevention, or no body parser).
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/graphql',
        'application/json; charset=latin1',
        'application/xml',
        '',
      ),
      fc.constantFrom('{"query":"{ units { totalCount } }"}', 'query=%7B%7D', '<q/>'),
    )
    .map(([type, body]) => post('wrong content type', body, type ? { 'content-type': type } : {})),
  // GET with a query string of anything.
  fc
    .record({ query: brokenDocuments, variables: fc.string({ maxLength: 30 }) })
    .map(({ query, variables }) => ({
      kind: 'GET',
      method: 'GET' as const,
      path: `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(variables)}`,
      headers: { 'apollo-require-preflight': 'true', accept: 'application/json' },
    })),
  // Batches (off), and a body over the size limit (rare: each is a megabyte).
  fc.constant(post('batch', JSON.stringify([{ query: '{ units { totalCount } }' }]))),
  fc
    .integer({ min: 1, max: 100 })
    .map((n) =>
      n === 1
        ? post(
            'too large',
            JSON.stringify({ query: `{ units { totalCount } }${' '.repeat(1_100_000)}` }),
          )
        : post('batch', JSON.stringify([{ query: '{ __typename }' }, { query: '{' }])),
    ),
);
