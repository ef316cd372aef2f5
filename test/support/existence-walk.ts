/**
 * Every place a root field takes a global ID (an argument, a field of its input or filter, one
 * level down), with plain values for the rest of its required input: existence.test.ts sends each
 * with a record the caller may not read and with an ID of nothing, and compares the answers.
 */
import {
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
} from 'graphql';

/** The node type an ID position names, by the position's name. */
const ID_TYPES: [RegExp, string][] = [
  [/^(posting)Ids?$/, 'Posting'],
  [/^(unit|homeUnit|receivingUnit|sendingUnit|parent)Ids?$/, 'Unit'],
  [/^(cadre|mentor)Ids?$/, 'Cadre'],
  [/^roundId$/, 'SelectionRound'],
  [/^candidateId$/, 'Candidate'],
  [/^evaluationId$/, 'Evaluation'],
  [/^mentorshipId$/, 'Mentorship'],
  [/^articleId$/, 'ExperienceArticle'],
  [/^debriefId$/, 'Debrief'],
  [/^(user|actor)Ids?$/, 'User'],
  [/^apiKeyId$/, 'ApiKey'],
];

export function idTypeOf(name: string): string | null {
  return ID_TYPES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** One ID position of one root field. */
export interface IdPosition {
  root: 'query' | 'mutation';
  field: string;
  /** `input.postingId`, `filter.cadreIds`, `id`. */
  path: string;
  /** The node type the position names (for `node(id:)`, any). */
  type: string | null;
  /** The request with `id` in this position and `ids(type)` in every other. */
  build(id: string, other: (type: string) => string): { query: string; variables: object };
}

const isId = (type: GraphQLInputType) => getNamedType(type).name === 'ID';

/** A value that passes the schema and, as far as plain values go, the input's own checks. */
function plain(type: GraphQLInputType, name: string, other: (type: string) => string): unknown {
  if (isNonNullType(type)) return plain(type.ofType, name, other);
  if (isListType(type)) return [plain(type.ofType, name, other)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return Object.fromEntries(fields.map((f) => [f.name, plain(f.type, f.name, other)]));
  }
  switch (getNamedType(type).name) {
    case 'ID':
      return other(idTypeOf(name) ?? 'Unit');
    case 'Int':
      return 1;
    case 'Float':
      return 50;
    case 'Boolean':
      return false;
    case 'LocalDate':
      return '2026-05-01';
    case 'DateTimeISO':
      return '2026-05-01T00:00:00.000Z';
    default:
      return name === 'period' ? '2026-Q2' : '测试';
  }
}

/** Puts `value` at `path` (`input.postingIds`) of `args`, as a list where the position is one. */
function place(args: Record<string, unknown>, path: string[], value: string, list: boolean) {
  const [head, ...rest] = path;
  if (rest.length === 0) args[head] = list ? [value] : value;
  else place((args[head] ??= {}) as Record<string, unknown>, rest, value, list);
}

function selection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const fields = named.getFields();
  if (fields.userErrors) return '{ __typename userErrors { code message field } }';
  if (fields.totalCount) return '{ totalCount }';
  return fields.id ? '{ __typename id }' : '{ __typename }';
}

function positionsOf(
  root: IdPosition['root'],
  field: GraphQLField<unknown, unknown>,
): IdPosition[] {
  const found: { path: string[]; type: GraphQLInputType }[] = [];
  for (const arg of field.args) {
    if (isId(arg.type)) found.push({ path: [arg.name], type: arg.type });
    const named = getNamedType(arg.type);
    if (isInputObjectType(named))
      for (const f of Object.values(named.getFields()))
        if (isId(f.type)) found.push({ path: [arg.name, f.name], type: f.type });
  }
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${root}${defs ? ` (${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selection(field.type)} }`;
  return found.map(({ path, type }) => ({
    root,
    field: field.name,
    path: path.join('.'),
    type: idTypeOf(path[path.length - 1]),
    build(id, other) {
      const args: Record<string, unknown> = {};
      for (const a of field.args)
        if (isNonNullType(a.type)) args[a.name] = plain(a.type, a.name, other);
      place(args, path, id, isListType(isNonNullType(type) ? type.ofType : type));
      return { query, variables: args };
    },
  }));
}

export function idPositions(schema: GraphQLSchema): IdPosition[] {
  return [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).flatMap((f) =>
      positionsOf('query', f),
    ),
    ...Object.values(schema.getMutationType()?.getFields() ?? {}).flatMap((f) =>
      positionsOf('mutation', f),
    ),
  ];
}
