/**
 * Schema-valid documents for the fuzz test (fuzz.test.ts): any root field of the schema, with
 * arguments drawn by `fast-check` from their input types — hostile values included (U+0000, lone
 * surrogates, year 0, 1e-7, huge strings, global IDs of the wrong type or of nothing) — written
 * either as variables or as literals in the document.
 */
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { toGlobalId } from '../../server/common/global-id';

export interface FuzzRequest {
  root: 'query' | 'mutation';
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Strings that broke or could break a layer below GraphQL. */
const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x\uD800',
  '\uDC00y',
  '\uD83D',
  '😀\uDE00',
  '0000-01-01',
  '2026-Q3',
  "'; DROP TABLE unit; --",
  "%' OR 1=1 --",
  '\\',
  '%_%',
  'null',
  '李明',
  '\u202Eevil',
  '1e-7',
];

// Huge strings are rare: each costs the server a parse of tens of kilobytes.
const nastyString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 6, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 4, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(3_000), '界'.repeat(10_000)) },
);

const DATES = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '2100-12-31',
  '2101-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '20260301',
];
const localDate = fc.oneof(
  fc.constantFrom(...DATES),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
);
const dateTime = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '1000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
    '2026-03-01T08:00:00+08:00',
  ),
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
);
const int = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 100, 101, 1000, 2_147_483_647, -2_147_483_648),
  fc.integer(),
);
const float = fc.oneof(
  fc.constantFrom(1e-7, 5e-324, 1e308, -0, 0.005, 99.999, 100.01, 0.1 + 0.2, 1 / 3, -1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Global IDs: the world's records, the same numbers under other types, and IDs of nothing. */
function idArbitrary(worldIds: readonly string[]): fc.Arbitrary<string> {
  // No User or ApiKey ids: a call that revokes the tokens this test signs in with would end it.
  const types = ['Unit', 'Cadre', 'Posting', 'Mentorship', 'Evaluation', 'Candidate', 'Nothing'];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...worldIds) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...types),
          fc.oneof(
            fc.integer({ min: 1, max: 30 }),
            fc.constantFrom(0, -1, 2_147_483_648, 9_223_372_036_854_775_807n),
          ),
        )
        .map(([type, id]) => toGlobalId(type, id as number)),
    },
    { weight: 1, arbitrary: nastyString },
  );
}

/** A value of `type`: null left out of non-null positions, so that the document stays valid. */
function valueOf(
  type: GraphQLInputType,
  ids: fc.Arbitrary<string>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, ids, depth);
  if (isListType(type)) return fc.array(valueOf(type.ofType, ids, depth + 1), { maxLength: 3 });
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.value as string));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    if (depth > 3) return fc.constant({});
    return fc.record(
      Object.fromEntries(fields.map((f) => [f.name, fieldValue(f.type, ids, depth + 1)])),
      { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) },
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return ids;
      case 'Int':
        return int;
      case 'Float':
        return float;
      case 'Boolean':
        return fc.boolean();
      case 'LocalDate':
        return localDate;
      case 'DateTimeISO':
        return dateTime;
      case 'JSONObject':
        return fc.constantFrom({}, { a: '\u0000' }, { deep: { x: [1, '2'] } });
      default:
        return nastyString;
    }
  }
  throw new Error(`no generator for ${String(type)}`);
}

/** An optional position may also be null. */
function fieldValue(type: GraphQLInputType, ids: fc.Arbitrary<string>, depth: number) {
  const value = valueOf(type, ids, depth);
  return isNonNullType(type) ? value : fc.option(value, { freq: 5 });
}

/** GraphQL literal text of a JSON value of `type` (enums bare, strings JSON-escaped). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null) return 'null';
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (isListType(type))
    return `[${(value as unknown[]).map((v) => literal(v, type.ofType)).join(', ')}]`;
  if (isEnumType(type)) return String(value);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && fields[k])
      .map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`);
    return `{ ${parts.join(', ')} }`;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') return JSON.stringify(JSON.stringify(value));
  return JSON.stringify(value);
}

/** A selection that shows no personal data: ids, type names, counts and userErrors. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return isScalarType(named) || isEnumType(named) ? '' : '{ __typename }';
  const fields = named.getFields();
  const parts = ['__typename'];
  if (fields.id) parts.push('id');
  if (fields.totalCount) parts.push('totalCount');
  if (fields.userErrors) parts.push('userErrors { code message field }');
  if (fields.nodes && depth < 1) parts.push(`nodes ${selection(fields.nodes.type, depth + 1)}`);
  return `{ ${parts.join(' ')} }`;
}

/** The variable of an argument: its values bigint-free, as JSON carries them. */
const jsonSafe = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));

function requestOf(
  root: FuzzRequest['root'],
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  asVariables: boolean,
): FuzzRequest {
  const given = field.args.filter((a) => args[a.name] !== undefined);
  const defs = given.map((a) => `$${a.name}: ${String(a.type)}`);
  const argText = given
    .map((a: GraphQLArgument) =>
      asVariables ? `${a.name}: $${a.name}` : `${a.name}: ${literal(args[a.name], a.type)}`,
    )
    .join(', ');
  const head = asVariables && defs.length ? `${root} (${defs.join(', ')})` : root;
  const call = argText ? `${field.name}(${argText})` : field.name;
  const variables = asVariables
    ? Object.fromEntries(given.map((a) => [a.name, jsonSafe(args[a.name])]))
    : {};
  return {
    root,
    field: field.name,
    query: `${head} { ${call} ${selection(field.type)} }`,
    variables,
  };
}

/** Fields that hash a password (argon2, tens of milliseconds of CPU): sent a quarter as often. */
const COSTLY = new Set(['login', 'changeMyPassword']);

/**
 * Requests over every root field but `skip`: each field is as likely as any other (but COSTLY),
 * and its arguments as hostile as the generators above make them.
 */
export function fuzzRequests(
  schema: GraphQLSchema,
  worldIds: readonly string[],
  skip: ReadonlySet<string>,
): fc.Arbitrary<FuzzRequest> {
  const ids = idArbitrary(worldIds);
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  const choices = roots.flatMap(([root, type]) =>
    Object.values(type?.getFields() ?? {})
      .filter((f) => !skip.has(f.name))
      .map((field) => ({
        weight: COSTLY.has(field.name) ? 1 : 4,
        arbitrary: fc
          .tuple(
            fc.record(
              Object.fromEntries(field.args.map((a) => [a.name, fieldValue(a.type, ids, 0)])),
              { requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name) },
            ),
            fc.boolean(),
          )
          .map(([args, asVariables]) => requestOf(root, field, args, asVariables)),
      })),
  );
  return fc.oneof(...choices);
}
