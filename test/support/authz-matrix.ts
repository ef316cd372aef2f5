/**
 * The authorization matrix (DESIGN §4): every operation of the schema × every role and anonymous ×
 * rows inside and outside the viewer's scope, from one table per root type (authz-queries.test.ts,
 * authz-mutations.test.ts). A missing row for an operation of the schema fails the guard test.
 *
 * Every case sees the same database: an "allowed" mutation uses input that passes authorization and
 * is then refused by a business rule (a userError), or, where no such rule exists, writes to a row
 * kept for that case alone. Denied cases must write nothing: each operation's denied cases run as one
 * batch between two fingerprints of the database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from '../../server/schema';
import { buildFixture, type Fixture } from './authz-fixture';
import { fingerprint } from './db-state';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './env';

// ---------------------------------------------------------------------------------------------
// The table's vocabulary
// ---------------------------------------------------------------------------------------------

/** Who calls: the five roles with the world's tokens, and no token at all. */
export const PRINCIPALS = ['admin', 'manager', 'mentor', 'cadre', 'analyst', 'anonymous'] as const;
export type Principal = (typeof PRINCIPALS)[number];

/**
 * What a principal gets: `allowed` (the authorization layer let the call through: data, or a
 * payload whose userErrors may be a business refusal; for a list or node, the row is there),
 * `forbidden` / `unauthenticated` / `not-found` (a GraphQL error with that code and null data),
 * `empty` (a list without the row).
 */
export type Outcome = 'allowed' | 'forbidden' | 'unauthenticated' | 'not-found' | 'empty';

/**
 * Where the server knowingly contradicts DESIGN §4, a case may expect `{ server, design, note }`:
 * the matrix pins the former and prints both (none today).
 */
export interface Divergence {
  server: Outcome;
  design: Outcome;
  note: string;
}
export type Expected = Outcome | Divergence;
export type Expectations = Record<Principal, Expected>;

export interface Request {
  query: string;
  variables?: Record<string, unknown>;
  /**
   * Whether the result shows the row (`allowed`) or leaves it out (`empty`): for lists, `node`,
   * `nodes` and aggregates. Without it, any data is `allowed`.
   */
  present?: (result: unknown) => boolean;
}

export interface Row {
  request: (f: Fixture) => Request;
  expect: Expectations;
  /** Which unit manager plays `manager`: B, the receiving unit of the active posting, by default. */
  manager?: 'managerA' | 'managerB';
  /** Tokens of this row's own, for calls that end the caller's session. */
  tokens?: (f: Fixture) => Record<Exclude<Principal, 'anonymous'>, string>;
}

/** An operation's rows, by what the row is. */
export type Case = Record<string, Row>;

// Outcome presets; rows spell out where they differ.
export const EVERYONE: Expectations = {
  admin: 'allowed',
  manager: 'allowed',
  mentor: 'allowed',
  cadre: 'allowed',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
export const ADMIN_ONLY: Expectations = {
  admin: 'allowed',
  manager: 'forbidden',
  mentor: 'forbidden',
  cadre: 'forbidden',
  analyst: 'forbidden',
  anonymous: 'unauthenticated',
};
/** A list row outside every scope but the org department's and the analysts'. */
export const LISTED_FOR_ADMIN_AND_ANALYST: Expectations = {
  admin: 'allowed',
  manager: 'empty',
  mentor: 'empty',
  cadre: 'empty',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
/** A record outside every scope but the org department's and the analysts'. */
export const FOUND_BY_ADMIN_AND_ANALYST: Expectations = {
  admin: 'allowed',
  manager: 'not-found',
  mentor: 'not-found',
  cadre: 'not-found',
  analyst: 'allowed',
  anonymous: 'unauthenticated',
};
/** Alerts and statistics: the org department, unit managers and analysts. */
export const ALERT_READERS: Expectations = { ...EVERYONE, mentor: 'forbidden', cadre: 'forbidden' };
/** A record only the org department may know of. */
export const FOUND_BY_ADMIN: Expectations = { ...FOUND_BY_ADMIN_AND_ANALYST, analyst: 'not-found' };

// ---------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------

export const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
export const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';

/** A row of a root list. */
export function listRow(
  op: string,
  target: (f: Fixture) => string,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  return {
    request: (f) => ({
      query: `{ ${op}(first: 100) { nodes { id } } }`,
      present: (result) => holds(result, target(f)),
    }),
    expect,
    manager,
  };
}

/** A record read by `node(id:)`. */
export function nodeRow(
  target: (f: Fixture) => string,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  return {
    request: (f) => ({
      query: NODE,
      variables: { id: target(f) },
      present: (result) => holds(result, target(f)),
    }),
    expect,
    manager,
  };
}

/**
 * Statistics over the postings received by one unit: `present` when it counts any. An analyst's
 * count of one or two cadres is withheld (null, `suppressed`), which still says the row exists.
 */
export function statisticsRow(unit: (f: Fixture) => string, expect: Expectations): Row {
  return {
    request: (f) => ({
      query:
        'query ($units: [ID!]) { statistics(filter: { receivingUnitIds: $units }) { postingCounts { count suppressed } } }',
      variables: { units: [unit(f)] },
      present: (result) => {
        const counts = at(result, ['postingCounts']);
        return (
          Array.isArray(counts) &&
          counts.some((c) => Number(at(c, ['count'])) > 0 || at(c, ['suppressed']) === true)
        );
      },
    }),
    expect,
  };
}

/** A query without arguments whose result is all there is to check. */
export function plainRow(query: string, expect: Expectations): Row {
  return { request: () => ({ query }), expect };
}

/** A mutation `op(input: <Op>Input!)`, selecting only its userErrors. */
export function inputRow(
  op: string,
  input: (f: Fixture) => Record<string, unknown>,
  expect: Expectations,
  manager?: Row['manager'],
): Row {
  const type = `${op[0].toUpperCase()}${op.slice(1)}Input`;
  return {
    request: (f) => ({
      query: `mutation ($input: ${type}!) { ${op}(input: $input) { userErrors { code } } }`,
      variables: { input: input(f) },
    }),
    expect,
    manager,
  };
}

/** A version nobody read: the optimistic check refuses the change after authorization. */
export const STALE = 999;
/** Before every posting of the world: date checks refuse it after authorization. */
export const LONG_AGO = '2020-01-01';

// ---------------------------------------------------------------------------------------------
// Running and judging one case
// ---------------------------------------------------------------------------------------------

export interface MatrixCase {
  op: string;
  row: string;
  principal: Principal;
  expected: Expected;
  title: string;
}

export const serverOutcome = (e: Expected): Outcome => (typeof e === 'string' ? e : e.server);
const isDenial = (o: Outcome) => o === 'forbidden' || o === 'unauthenticated' || o === 'not-found';

const CODES: Record<string, Outcome> = {
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'unauthenticated',
  NOT_FOUND: 'not-found',
};

export function casesOf(matrix: Matrix, op: string): MatrixCase[] {
  return Object.entries(matrix[op]).flatMap(([row, spec]) =>
    PRINCIPALS.map((principal) => {
      const expected = spec.expect[principal];
      const who =
        principal === 'manager'
          ? `manager of ${spec.manager === 'managerA' ? 'A' : 'B'}`
          : principal;
      const outcome =
        typeof expected === 'string'
          ? expected
          : `${expected.server} (DESIGN §4: ${expected.design})`;
      return { op, row, principal, expected, title: `${row} · ${who} → ${outcome}` };
    }),
  );
}

export function tokenOf(f: Fixture, row: Row, principal: Principal): string | undefined {
  if (principal === 'anonymous') return undefined;
  if (row.tokens) return row.tokens(f)[principal];
  if (principal === 'manager') return f.world.tokens[row.manager ?? 'managerB'];
  return f.world.tokens[principal];
}

export function at(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value ?? null;
}

/** Whether the operation's result holds the row `id` (a list's nodes, `node`, `nodes`). */
export function holds(value: unknown, id: string): boolean {
  if (Array.isArray(value)) return value.some((item) => at(item, ['id']) === id);
  const nodes = at(value, ['nodes']);
  if (Array.isArray(nodes)) return holds(nodes, id);
  return at(value, ['id']) === id;
}

/** What the server answered, in the table's vocabulary (anything else is spelled out). */
function observe(res: GraphQLResponse, op: string, request: Request): string {
  const errors = res.errors ?? [];
  // Refused before execution, the whole request at once (anonymous callers over their query
  // budget are told to sign in: server/common/cost).
  const [only] = errors;
  if (
    errors.length === 1 &&
    !only.path &&
    res.data == null &&
    only.extensions?.code === 'UNAUTHENTICATED'
  )
    return 'unauthenticated';
  const mine = errors.filter((e) => e.path?.[0] === op);
  if (mine.length !== errors.length || mine.length > 1) {
    return `unexpected errors: ${JSON.stringify(errors)}`;
  }
  if (mine.length === 1) {
    const [error] = mine;
    const outcome = CODES[error.extensions?.code ?? ''];
    if (!outcome) return `error ${error.extensions?.code}: ${error.message}`;
    if (at(res.data, error.path ?? []) !== null) return `${outcome}, but with data`;
    return outcome;
  }
  const value = at(res.data, [op]);
  if (value === null) return 'no data and no error';
  if (!request.present) return 'allowed';
  return request.present(value) ? 'allowed' : 'empty';
}

// ---------------------------------------------------------------------------------------------
// The tests of one table
// ---------------------------------------------------------------------------------------------

/** An operation's rows by operation: every field of one root type. */
export type Matrix = Record<string, Case>;

/**
 * The tests of a table of `root`'s fields, on a fresh database with the fixture: the table covers
 * every field of that root type, writes nothing when a case is denied, and each case gets its outcome.
 */
export function describeMatrix(root: 'Query' | 'Mutation', matrix: Matrix): void {
  let env: TestEnv;
  let fixture: Fixture;
  let casesRun = 0;

  beforeAll(async () => {
    env = await createTestEnv();
    fixture = await buildFixture(env);
  }, 60_000);

  afterAll(async () => {
    const divergences = Object.entries(matrix).flatMap(([op, rows]) =>
      Object.entries(rows).flatMap(([label, row]) =>
        PRINCIPALS.flatMap((p) => {
          const e = row.expect[p];
          return typeof e === 'string' ? [] : [`  ${op} · ${label} · ${p}: ${e.note}`];
        }),
      ),
    );
    console.log(
      `authz matrix (${root}): ${casesRun} cases over ${Object.keys(matrix).length} operations` +
        (divergences.length
          ? `\nserver behaviour that contradicts DESIGN §4 (pinned by the matrix):\n${divergences.join('\n')}`
          : ''),
    );
    await env?.close();
  });

  describe('the matrix', () => {
    it(`has rows for every ${root} field of the schema, and for nothing else`, async () => {
      const schema: GraphQLSchema = await createSchema();
      const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
      const operations = type ? Object.keys(type.getFields()) : [];
      const missing = operations.filter((op) => !(op in matrix)).sort();
      const gone = Object.keys(matrix)
        .filter((op) => !operations.includes(op))
        .sort();
      expect({ missing, gone }).toEqual({ missing: [], gone: [] });
    });
  });

  describe.each(Object.keys(matrix))('%s', (op) => {
    const cases = casesOf(matrix, op);
    const observed = new Map<MatrixCase, string>();
    let before: Record<string, string>;
    let after: Record<string, string>;

    // Documents built from the table's templates: raw text by design.
    const run = (c: MatrixCase) => {
      const row = matrix[op][c.row];
      const request = row.request(fixture);
      return env
        .rawGraphql(request.query, request.variables, tokenOf(fixture, row, c.principal))
        .then((res) => observed.set(c, observe(res, op, request)));
    };

    beforeAll(async () => {
      // Denied cases in one batch between two fingerprints; then the rest, which may write.
      const denied = cases.filter((c) => isDenial(serverOutcome(c.expected)));
      before = await fingerprint(env.dataSource);
      await Promise.all(denied.map(run));
      after = await fingerprint(env.dataSource);
      await Promise.all(cases.filter((c) => !denied.includes(c)).map(run));
    });

    it('writes nothing when denied', () => {
      expect(after).toEqual(before);
    });

    it.each(cases)('$title', (c) => {
      casesRun++;
      expect(observed.get(c)).toBe(serverOutcome(c.expected));
    });
  });
}
