/**
 * Bad input is the caller's mistake (issue 9, fault 4): the examples that answered
 * INTERNAL_SERVER_ERROR, each now a coded BAD_USER_INPUT that writes nothing, and the error
 * formatter's own guarantees (class 22 without SQL, no failure of its own). fuzz.test.ts walks the
 * whole class.
 */
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { createErrorFormatter } from '../server/common/errors';
import {
  AuditEntriesDocument,
  LoginDocument,
  LogMentorSessionDocument,
  PostingsDocument,
  RecordCandidateScoresDocument,
  UpdateCadreDocument,
} from '../sdk/src';
import { fingerprint } from './support/db-state';
import { download } from './support/exports';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './support/env';
import { ref, selectionSteps } from './support/selection';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;
const steps = selectionSteps({
  get env() {
    return env;
  },
  get world() {
    return world;
  },
});

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

/** The one error of a refused request: BAD_USER_INPUT, naming no SQL and no stack. */
function expectBadInput(res: GraphQLResponse<unknown>, message: RegExp) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  expect(res.errors?.[0].message).toMatch(message);
  expect(JSON.stringify(res)).not.toMatch(/SELECT|INSERT|stacktrace|\.ts:\d+/);
}

describe('strings that PostgreSQL cannot store', () => {
  it('refuses U+0000 in an anonymous login with HTTP 400', async () => {
    const res = await env.graphql(LoginDocument, {
      input: { username: 'ad\u0000min', password: 'x' },
    });
    expect(res.status).toBe(400);
    expectBadInput(res, /\$input\.username contains a character that cannot be stored/);
  });

  it('refuses a lone surrogate in a text field and writes nothing', async () => {
    const before = await fingerprint(env.dataSource);
    const res = await env.graphql(
      LogMentorSessionDocument,
      {
        input: {
          mentorshipId: gid('Mentorship', world.mentorships.mentorship.id),
          date: '2026-04-02',
          topic: '谈心\uD800',
          notes: '记录',
        },
      },
      world.tokens.mentor,
    );
    expect(res.status).toBe(400);
    expectBadInput(res, /\$input\.topic contains a character/);
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });

  it('refuses U+0000 written in the document itself, in a filter', async () => {
    const res = await env.rawGraphql(
      '{ cadres(first: 5, filter: { nameContains: "李\\u0000" }) { totalCount } }',
      {},
      world.tokens.admin,
    );
    expect(res.status).toBe(400);
    expectBadInput(res, /A string of the document contains a character/);
  });
});

describe('the same input on HTTP routes', () => {
  it.each([
    ['U+0000 in a text filter', '/export/cadres.csv?nameContains=%E6%9D%8E%00'],
    ['year 0 in a date filter', '/export/postings.csv?startDate.from=0000-01-01'],
  ])('answers 400 BAD_USER_INPUT to %s of an export', async (_case, path) => {
    const res = await download(env, path, world.tokens.admin);
    expect(res.status).toBe(400);
    const text = res.body.toString('utf8');
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(text).not.toMatch(/SELECT|stacktrace|\.ts:\d+/);
  });
});

describe('dates and numbers out of range', () => {
  it.each([
    ['CADRE', 'cadre'],
    ['ANALYST', 'analyst'],
  ] as const)('refuses the date 0000-01-01 in a posting filter as %s', async (_role, who) => {
    const res = await env.graphql(
      PostingsDocument,
      { first: 5, filter: { startDate: { from: '0000-01-01' } } },
      world.tokens[who],
    );
    expect(res.status).toBe(400);
    expectBadInput(res, /Dates run from 1900-01-01 to 2100-12-31, not 0000-01-01/);
  });

  it('takes the first and last days of the range and refuses the days beyond', async () => {
    const at = (from: string) =>
      env.graphql(
        PostingsDocument,
        { first: 1, filter: { startDate: { from } } },
        world.tokens.admin,
      );
    expect((await at('1900-01-01')).errors).toBeUndefined();
    expect((await at('2100-12-31')).errors).toBeUndefined();
    expect((await at('1899-12-31')).status).toBe(400);
    expect((await at('2101-01-01')).status).toBe(400);
  });

  it('refuses a score of 1e-7 as a userError-free BAD_USER_INPUT, writing nothing', async () => {
    const candidate = await steps.candidate();
    const before = await fingerprint(env.dataSource);
    const res = await env.graphql(
      RecordCandidateScoresDocument,
      { input: { ...ref(candidate), writtenExamScore: 1e-7 } },
      world.tokens.admin,
    );
    expectBadInput(res, /writtenExamScore must be a number with at most 2 decimals/);
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });

  it('takes a score with two decimals', async () => {
    const candidate = await steps.candidate();
    const res = await env.graphql(
      RecordCandidateScoresDocument,
      { input: { ...ref(candidate), writtenExamScore: 87.25 } },
      world.tokens.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordCandidateScores.userErrors).toEqual([]);
  });

  it('refuses times outside the same range (DateTimeISO) in an audit filter', async () => {
    const since = (value: string) =>
      env.graphql(AuditEntriesDocument, { first: 1, filter: { since: value } }, world.tokens.admin);
    expect((await since('1900-01-01T00:00:00Z')).errors).toBeUndefined();
    const res = await since('0000-01-01T00:00:00Z');
    expect(res.status).toBe(400);
    expectBadInput(res, /Times run from 1900-01-01 to 2100-12-31/);
  });

  it('refuses a birth date of year 0 when a cadre is updated', async () => {
    const res = await env.graphql(
      UpdateCadreDocument,
      {
        input: {
          cadreId: gid('Cadre', world.cadres.cadreA1.id),
          version: 1,
          birthDate: '0000-01-01',
        },
      },
      world.tokens.admin,
    );
    expect(res.status).toBe(400);
    expectBadInput(res, /Dates run from/);
  });
});

describe('the error formatter', () => {
  const formatted = { message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

  it('answers a PostgreSQL data exception (class 22) as BAD_USER_INPUT without its SQL', () => {
    const logged: unknown[] = [];
    const dbError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      query: 'SELECT * FROM cadre WHERE name = $1',
      parameters: ['13800000000'],
    });
    const out = createErrorFormatter(true, (e) => logged.push(e))(formatted, dbError);
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(out)).not.toMatch(/SELECT|UTF8|13800000000/);
  });

  it('logs a validator that threw (the 1e-7 crash) and answers INTERNAL_SERVER_ERROR', () => {
    const logged: unknown[] = [];
    // What type-graphql builds when class-validator throws instead of listing failures.
    const broken = new ArgumentValidationError(
      new TypeError("Cannot read properties of undefined (reading 'length')") as never,
    );
    const out = createErrorFormatter(false, (e) => logged.push(e))(formatted, broken);
    expect(out).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toEqual([broken]);
  });

  it('still answers a coded error, and logs, when formatting itself fails', () => {
    const logged: unknown[] = [];
    // An error whose every property read throws: nothing the formatter does with it can succeed.
    const hostile = new Proxy(new GraphQLError('x'), {
      get() {
        throw new Error('boom');
      },
      getPrototypeOf() {
        throw new Error('boom');
      },
    });
    const out = createErrorFormatter(false, (e) => logged.push(e))(formatted, hostile);
    expect(out).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logged).toHaveLength(1);
  });

  it('answers even when the log itself throws', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const out = createErrorFormatter(false, () => {
      throw new Error('log down');
    })(formatted, hostile);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
