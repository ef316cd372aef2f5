import {
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { codedError, ErrorCode } from '../errors';

/**
 * What one document may hold, checked in one linear pass *before* graphql-js validates it:
 * validation is not cheap (OverlappingFieldsCanBeMergedRule compares every pair of same-named
 * fields, recursively: its work grows with the square of the fields), so a document has to be
 * small before it is validated at all.
 */
export interface DocumentBounds {
  /** Field nodes as written (`a { b c }` is 3). */
  fields: number;
  /** Field nodes once every fragment is inlined, over all operations: what validation and the cost walk visit. */
  expandedFields: number;
  /** Fields of one selection set once its fragments are inlined: the rule compares them pairwise. */
  fanOut: number;
  /** `fragment Name on T` definitions. */
  fragments: number;
  /** `...Name` spreads as written. */
  fragmentSpreads: number;
  /** Directives (`@include`, `@skip`, …) anywhere in the document. */
  directives: number;
  /** Operations in the document (one runs; every one is validated). */
  operations: number;
}

export type DocumentMeasure = DocumentBounds;

interface Expansion {
  /** Fields under the selection set, fragments inlined. */
  expanded: number;
  /** Fields directly in the selection set, fragments inlined (its fan-out). */
  flat: number;
  /** Largest fan-out of any selection set below, itself included. */
  widest: number;
}

/**
 * Counts a document's fields, spreads, fragments, directives and operations, and its size once
 * fragments are inlined. Each fragment is expanded once (memoised), so a chain of fragments that
 * spread the next one twice is measured in linear time although it stands for 2^n fields. Given
 * `bounds`, it stops after the counts as written when those already exceed them.
 */
export function measureDocument(document: DocumentNode, bounds?: DocumentBounds): DocumentMeasure {
  const m: DocumentMeasure = {
    fields: 0,
    expandedFields: 0,
    fanOut: 0,
    fragments: 0,
    fragmentSpreads: 0,
    directives: 0,
    operations: 0,
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  const countDirectives = (d: readonly DirectiveNode[] | undefined) =>
    (m.directives += d?.length ?? 0);

  // As written: one visit of every node.
  const written = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      countDirectives(s.directives);
      if (s.kind === Kind.FIELD) {
        m.fields++;
        if (s.selectionSet) written(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) written(s.selectionSet);
      else m.fragmentSpreads++;
    }
  };
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) {
      m.operations++;
      countDirectives(d.directives);
      for (const v of d.variableDefinitions ?? []) countDirectives(v.directives);
      written(d.selectionSet);
    } else if (d.kind === Kind.FRAGMENT_DEFINITION) {
      m.fragments++;
      countDirectives(d.directives);
      fragments.set(d.name.value, d);
      written(d.selectionSet);
    }
  }

  if (bounds && exceededBound(m, bounds)) return m;

  // Inlined: fragments memoised; a cycle (refused by validation later) counts as empty.
  const memo = new Map<string, Expansion>();
  const active = new Set<string>();
  const fragment = (name: string): Expansion => {
    const known = memo.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || active.has(name)) return { expanded: 0, flat: 0, widest: 0 };
    active.add(name);
    const e = expand(definition.selectionSet);
    active.delete(name);
    memo.set(name, e);
    return e;
  };
  const expand = (set: SelectionSetNode): Expansion => {
    const e: Expansion = { expanded: 0, flat: 0, widest: 0 };
    for (const s of set.selections) {
      let inner: Expansion;
      if (s.kind === Kind.FIELD) {
        e.expanded++;
        e.flat++;
        if (!s.selectionSet) continue;
        inner = expand(s.selectionSet);
        e.expanded += inner.expanded;
        e.widest = Math.max(e.widest, inner.widest);
        continue;
      }
      inner = s.kind === Kind.INLINE_FRAGMENT ? expand(s.selectionSet) : fragment(s.name.value);
      e.expanded += inner.expanded;
      e.flat += inner.flat;
      e.widest = Math.max(e.widest, inner.widest);
    }
    e.widest = Math.max(e.widest, e.flat);
    return e;
  };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const e = expand(d.selectionSet);
    m.expandedFields += e.expanded;
    m.fanOut = Math.max(m.fanOut, e.widest);
  }
  return m;
}

/** The first bound the document exceeds, or null. */
export function exceededBound(
  measure: DocumentMeasure,
  bounds: DocumentBounds,
): { bound: keyof DocumentBounds; value: number; max: number } | null {
  for (const bound of Object.keys(bounds) as (keyof DocumentBounds)[]) {
    if (measure[bound] > bounds[bound]) return { bound, value: measure[bound], max: bounds[bound] };
  }
  return null;
}

/** HTTP 400 DOCUMENT_TOO_COMPLEX, naming the bound: the document was neither validated nor run. */
export function documentTooComplex(exceeded: { bound: string; value: number; max: number }) {
  return codedError(
    {
      en: `The document is too complex: ${exceeded.bound} is ${exceeded.value}, at most ${exceeded.max} allowed`,
      zh: `查询文档过于复杂：${exceeded.bound} 为 ${exceeded.value}，最多允许 ${exceeded.max}`,
    },
    {
      code: ErrorCode.DOCUMENT_TOO_COMPLEX,
      bound: exceeded.bound,
      value: exceeded.value,
      max: exceeded.max,
    },
  );
}
