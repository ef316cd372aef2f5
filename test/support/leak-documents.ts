import {
  getNamedType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  visit,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';

/**
 * Documents generated from the schema for the nested-leak walk: every root list and every relation
 * a few object levels deep, and fragments for `node`/`nodes` on every Node type.
 */

/** Object levels below (and including) a root list's items, and below node/nodes. */
export const ROOT_LEVELS = [4, 3];
export const NODE_LEVELS = 3;
/** Documents above this many fields are generated one level shallower. */
export const MAX_FIELDS = 4000;
export const PAGE = 100;

/** Scalars whose value depends on the viewer; every other scalar is left out of the walk. */
export const CHECKED_SCALARS: Record<string, readonly string[]> = {
  Cadre: ['idNumber', 'phone', 'birthDate'],
  Evaluation: ['comments', 'findings', 'overallScore'],
  SelectionRound: ['selectedCount', 'remainingQuota'],
  PostingCount: ['type', 'status', 'count'],
  GradeCount: ['grade', 'count'],
  ExcellentShare: ['receivingUnitKind', 'year', 'finalEvaluations', 'excellent'],
  AlertCount: ['kind', 'count'],
  PromotionAfterReturn: ['excellentReturns', 'promotedWithinWindow'],
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Path = (string | number)[];

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Documents from the schema

export function hasRequiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);
}

export function isConnection(type: GraphQLObjectType): boolean {
  const fields = type.getFields();
  return 'nodes' in fields && 'totalCount' in fields && 'pageInfo' in fields;
}

export function nodeTypeOf(connection: GraphQLObjectType): GraphQLObjectType {
  const named = getNamedType(connection.getFields().nodes.type);
  if (!isObjectType(named)) throw new Error(`${connection.name}.nodes is not an object type`);
  return named;
}

export function implementsNode(type: GraphQLObjectType): boolean {
  return type.getInterfaces().some((i) => i.name === 'Node');
}

export function isListOf(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** `__typename`, `id`, the checked scalars and every relation, `levels` object levels deep. */
export function selectionOf(type: GraphQLObjectType, levels: number): string {
  const parts = ['__typename'];
  if (implementsNode(type)) parts.push('id');
  for (const field of Object.values(type.getFields())) {
    if (hasRequiredArgs(field)) continue;
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) {
      if (CHECKED_SCALARS[type.name]?.includes(field.name)) parts.push(field.name);
      continue;
    }
    if (isInterfaceType(named) || isUnionType(named))
      throw new Error(`${type.name}.${field.name}: abstract relations are not walked yet`);
    if (!isObjectType(named) || levels <= 1) continue;
    if (isConnection(named)) {
      const args = field.args.some((a) => a.name === 'first') ? `(first: ${PAGE})` : '';
      const inner = selectionOf(nodeTypeOf(named), levels - 1);
      parts.push(`${field.name}${args} { totalCount nodes { ${inner} } }`);
    } else {
      parts.push(`${field.name} { ${selectionOf(named, levels - 1)} }`);
    }
  }
  return parts.join(' ');
}

export function fieldCount(document: string): number {
  let count = 0;
  visit(parse(document), {
    Field() {
      count++;
    },
  });
  return count;
}

export interface RootDocument {
  root: string;
  levels: number;
  fields: number;
  query: string;
}

/** One document per root field without required arguments, as deep as MAX_FIELDS allows. */
export function rootDocuments(schema: GraphQLSchema): RootDocument[] {
  const query = schema.getQueryType();
  if (!query) throw new Error('no Query type');
  const documents: RootDocument[] = [];
  for (const field of Object.values(query.getFields())) {
    if (hasRequiredArgs(field)) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named)) continue;
    for (const levels of ROOT_LEVELS) {
      const body = isConnection(named)
        ? `${field.name}(first: ${PAGE}) { totalCount nodes { ${selectionOf(nodeTypeOf(named), levels)} } }`
        : `${field.name} { ${selectionOf(named, levels)} }`;
      const text = `query Walk_${field.name} { ${body} }`;
      const fields = fieldCount(text);
      if (fields <= MAX_FIELDS || levels === ROOT_LEVELS[ROOT_LEVELS.length - 1]) {
        documents.push({ root: field.name, levels, fields, query: text });
        break;
      }
    }
  }
  return documents;
}

export function nodeImplementations(schema: GraphQLSchema): GraphQLObjectType[] {
  const node = schema.getType('Node');
  if (!node || !isInterfaceType(node)) throw new Error('no Node interface');
  return [...schema.getImplementations(node).objects].sort((a, b) => a.name.localeCompare(b.name));
}

export function fragmentOn(type: GraphQLObjectType): string {
  return `... on ${type.name} { ${selectionOf(type, NODE_LEVELS)} }`;
}
