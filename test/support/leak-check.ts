import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { fromGlobalId, toGlobalId } from '../../server/common/global-id';
import type { GraphQLResponse } from './env';
import {
  implementsNode,
  isConnection,
  isListOf,
  isObject,
  type Json,
  type JsonObject,
  type Path,
} from './leak-documents';
import { VisibilityOracle, type OracleStatistics } from './visibility-oracle';
import {
  isNodeType,
  type CadreRow,
  type EvaluationRow,
  type NodeType,
  type PostingRow,
  type RoundRow,
} from './visibility-snapshot';

// ---------------------------------------------------------------------------------------------
// Checking a response against the oracle

export interface Tally {
  documents: number;
  objects: number;
  assertions: number;
}

export class ResponseCheck {
  readonly failures: string[] = [];
  private readonly errors = new Map<string, string>();
  private readonly expectedErrors = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly oracle: VisibilityOracle,
    private readonly tally: Tally,
    private readonly label: string,
    response: GraphQLResponse<JsonObject>,
  ) {
    for (const error of response.errors ?? []) {
      const code = error.extensions?.code ?? 'NO_CODE';
      const at = (error.path ?? []).join('.');
      this.assert(
        code === 'FORBIDDEN' || code === 'NOT_FOUND',
        `error ${code} at ${at || '(document)'}: ${error.message}`,
      );
      this.errors.set(at, code);
    }
  }

  assert(ok: boolean, message: string): void {
    this.tally.assertions++;
    if (!ok) this.failures.push(`${this.label}: ${message}`);
  }

  /** A null that must carry `code` at exactly its path. */
  expectError(path: Path, code: 'FORBIDDEN' | 'NOT_FOUND'): void {
    const at = path.join('.');
    this.expectedErrors.add(at);
    this.assert(
      this.errors.get(at) === code,
      `expected ${code} at ${at}, got ${this.errors.get(at)}`,
    );
  }

  expectNoError(path: Path): void {
    const at = path.join('.');
    this.assert(!this.errors.has(at), `unexpected ${this.errors.get(at)} at ${at}`);
  }

  /** Every error the response carries must sit at a path the oracle denied. */
  finish(): void {
    for (const [at, code] of this.errors) {
      this.assert(this.expectedErrors.has(at), `${code} at ${at} where the oracle denies nothing`);
    }
  }

  /** Identifies a Node object, checks the viewer may read it, and walks its fields. */
  object(value: JsonObject, path: Path): void {
    const typeName = value.__typename;
    const type = typeof typeName === 'string' ? this.schema.getType(typeName) : undefined;
    if (!type || !isObjectType(type)) {
      this.assert(false, `object without a known __typename at ${path.join('.')}`);
      return;
    }
    let rowId: number | null = null;
    if (implementsNode(type)) {
      this.tally.objects++;
      const decoded = typeof value.id === 'string' ? fromGlobalId(value.id) : null;
      if (!decoded || decoded.typeName !== type.name || !isNodeType(type.name)) {
        this.assert(false, `${type.name} at ${path.join('.')} has id ${String(value.id)}`);
        return;
      }
      rowId = decoded.id;
      this.assert(
        this.oracle.canRead(type.name, rowId),
        `LEAK ${type.name}:${rowId} at ${path.join('.')}`,
      );
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '__typename' || key === 'id') continue;
      this.field(type, rowId, key, child, [...path, key]);
    }
  }

  private field(
    parent: GraphQLObjectType,
    rowId: number | null,
    key: string,
    value: Json,
    path: Path,
  ): void {
    const field = parent.getFields()[key];
    const named = getNamedType(field.type);
    const parentType = isNodeType(parent.name) ? parent.name : null;
    const where = `${parent.name}${rowId === null ? '' : `:${rowId}`}.${key} at ${path.join('.')}`;
    if (!isObjectType(named)) {
      if (parentType && rowId !== null) this.scalar(parentType, rowId, key, value, path, where);
      return;
    }
    if (isConnection(named)) {
      if (!isObject(value) || !Array.isArray(value.nodes)) {
        this.assert(false, `connection ${where} is ${JSON.stringify(value)}`);
        return;
      }
      const expected =
        parentType && rowId !== null ? this.oracle.children(parentType, key, rowId) : undefined;
      this.assert(expected !== undefined, `the oracle has no rule for ${parent.name}.${key}`);
      if (expected) this.list(expected.type, expected.ids, value, path, where);
      this.nodes(value.nodes, [...path, 'nodes']);
      return;
    }
    if (isListOf(field.type)) {
      if (!Array.isArray(value)) {
        this.assert(false, `list ${where} is ${JSON.stringify(value)}`);
        return;
      }
      if (parent.name === 'Cadre' && key === 'timeline' && rowId !== null) {
        this.assert(
          value.length === this.oracle.timelineLength(rowId),
          `${where}: ${value.length} timeline entries, oracle ${this.oracle.timelineLength(rowId)}`,
        );
      }
      this.nodes(value, path);
      return;
    }
    if (parentType && rowId !== null) {
      const expected = this.oracle.single(parentType, key, rowId);
      this.assert(expected !== undefined, `the oracle has no rule for ${parent.name}.${key}`);
      if (expected?.kind === 'none') {
        this.assert(value === null, `${where} should be null, got ${JSON.stringify(value)}`);
        this.expectNoError(path);
      } else if (expected?.kind === 'denied') {
        this.assert(value === null, `LEAK ${where}: ${expected.type}:${expected.id} is denied`);
        this.expectError(path, 'FORBIDDEN');
      } else if (expected?.kind === 'object') {
        const got = isObject(value) && typeof value.id === 'string' ? value.id : null;
        this.assert(
          got === toGlobalId(expected.type, expected.id),
          `${where} should be ${expected.type}:${expected.id}, got ${JSON.stringify(got)}`,
        );
      }
    }
    if (isObject(value)) this.object(value, path);
  }

  private nodes(items: Json[], path: Path): void {
    items.forEach((item, i) => {
      if (isObject(item)) this.object(item, [...path, i]);
      else this.assert(false, `null item at ${[...path, i].join('.')}`);
    });
  }

  /**
   * Every aggregate against the oracle's count of what the viewer could list. A figure withheld
   * by disclosure control (null, for analysts) tells less than the oracle, never more: its row
   * must still be one the oracle counts, and its value is not compared.
   */
  statistics(value: JsonObject, want: OracleStatistics): void {
    const counts = (items: Json | undefined, key: (item: JsonObject) => string) => {
      const got: Record<string, number | null> = {};
      for (const item of Array.isArray(items) ? items : []) {
        if (isObject(item) && (typeof item.count === 'number' || item.count === null))
          got[key(item)] = item.count;
      }
      return got;
    };
    const same = (
      what: string,
      got: Record<string, number | null>,
      expected: Record<string, number>,
    ) => {
      const known = Object.fromEntries(
        Object.entries(got).map(([k, v]) => [k, v === null && k in expected ? expected[k] : v]),
      );
      this.assert(
        JSON.stringify(sorted(known)) === JSON.stringify(sorted(expected)),
        `statistics.${what}: ${JSON.stringify(sorted(got))}, oracle ${JSON.stringify(sorted(expected))}`,
      );
    };
    const figure = (v: Json | undefined) => (v === null ? null : Number(v));
    if ('postingCounts' in value)
      same(
        'postingCounts',
        counts(value.postingCounts, (i) => `${String(i.type)}/${String(i.status)}`),
        want.postingCounts,
      );
    if ('gradeDistribution' in value)
      same(
        'gradeDistribution',
        counts(value.gradeDistribution, (i) => String(i.grade)),
        want.finalGrades,
      );
    if ('alertCounts' in value)
      same(
        'alertCounts',
        counts(value.alertCounts, (i) => String(i.kind)),
        want.alertCounts,
      );
    if (Array.isArray(value.excellentShares)) {
      const shares = value.excellentShares.filter(isObject);
      const key = (i: JsonObject) => `${String(i.receivingUnitKind)}/${String(i.year)}`;
      same(
        'excellentShares.finalEvaluations',
        Object.fromEntries(shares.map((i) => [key(i), figure(i.finalEvaluations)])),
        want.finalEvaluations,
      );
      same(
        'excellentShares.excellent',
        Object.fromEntries(
          shares
            .filter((i) => figure(i.excellent) !== 0)
            .filter((i) => i.excellent !== null || key(i) in want.excellentFinals)
            .map((i) => [key(i), figure(i.excellent)]),
        ),
        want.excellentFinals,
      );
    }
    const promotion = value.promotionAfterReturn;
    if (isObject(promotion)) {
      for (const field of ['excellentReturns', 'promotedWithinWindow'] as const) {
        this.assert(
          promotion[field] === null || promotion[field] === want[field],
          `statistics.promotionAfterReturn.${field}: ${String(promotion[field])}, oracle ${want[field]}`,
        );
      }
    }
  }

  /** totalCount and the ids of one page (the fixture fits in one) against the oracle. */
  list(type: NodeType, ids: number[], value: JsonObject, path: Path, where: string): void {
    const nodes = Array.isArray(value.nodes) ? value.nodes : [];
    this.assert(
      value.totalCount === ids.length,
      `${where}: totalCount ${String(value.totalCount)}, oracle ${ids.length}`,
    );
    const got = nodes
      .map((n) => (isObject(n) && typeof n.id === 'string' ? n.id : '?'))
      .sort()
      .join(',');
    const want = ids
      .map((id) => toGlobalId(type, id))
      .sort()
      .join(',');
    this.assert(got === want, `${where}: nodes ${readable(got)} but oracle ${readable(want)}`);
    this.expectNoError(path);
  }

  private scalar(
    type: NodeType,
    rowId: number,
    key: string,
    value: Json,
    path: Path,
    where: string,
  ) {
    if (type === 'Cadre') {
      const cadre = this.oracle.row<CadreRow>('Cadre', rowId);
      const stored = cadre
        ? { idNumber: cadre.idNumber, phone: cadre.phone, birthDate: cadre.birthDate }[key]
        : undefined;
      this.sensitive(this.oracle.personalData(rowId), stored ?? null, value, path, where);
    } else if (type === 'Evaluation' && key === 'overallScore') {
      const want = this.oracle.overallScore(rowId);
      this.assert(
        want === null
          ? value === null
          : typeof value === 'number' && Math.abs(value - want) < 0.006,
        `${where}: ${String(value)}, oracle ${String(want)}`,
      );
    } else if (type === 'Evaluation') {
      const evaluation = this.oracle.row<EvaluationRow>('Evaluation', rowId);
      const stored = key === 'comments' ? evaluation?.comments : evaluation?.findings;
      const posting = evaluation && this.oracle.row<PostingRow>('Posting', evaluation.postingId);
      this.sensitive(this.oracle.narrative(posting?.cadreId), stored ?? null, value, path, where);
    } else if (type === 'SelectionRound') {
      const selected = this.oracle.selectedCount(rowId);
      const quota = this.oracle.row<RoundRow>('SelectionRound', rowId)?.quota ?? 0;
      const want = key === 'selectedCount' ? selected : Math.max(0, quota - selected);
      this.assert(value === want, `${where}: ${String(value)}, oracle ${want}`);
    }
  }

  private sensitive(
    allowed: boolean,
    stored: string | null,
    value: Json,
    path: Path,
    where: string,
  ) {
    if (allowed) {
      this.assert(
        value === stored,
        `${where}: ${JSON.stringify(value)}, stored ${JSON.stringify(stored)}`,
      );
      this.expectNoError(path);
    } else {
      this.assert(value === null, `LEAK ${where}: ${JSON.stringify(value)} is denied`);
      this.expectError(path, 'FORBIDDEN');
    }
  }
}

export function sorted<V>(counts: Record<string, V>): [string, V][] {
  return Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
}

/** Global ids as `Type:row` for messages. */
export function readable(ids: string): string {
  const names = ids
    ? ids.split(',').map((id) => {
        const d = fromGlobalId(id);
        return d ? `${d.typeName}:${d.id}` : id;
      })
    : [];
  return `[${names.join(' ')}]`;
}

/** One answer of node/nodes: the object itself when readable, else null with NOT_FOUND. */
export function checkNodeAnswer(
  check: ResponseCheck,
  oracle: VisibilityOracle,
  type: NodeType,
  id: number,
  item: Json | undefined,
  path: Path,
): void {
  const where = `${type}:${id} at ${path.join('.')}`;
  if (oracle.canRead(type, id)) {
    check.assert(
      isObject(item) && item.id === toGlobalId(type, id),
      `${where} is readable but came back ${JSON.stringify(item)}`,
    );
    check.expectNoError(path);
  } else {
    check.assert(item === null, `LEAK ${where}: not readable but came back`);
    check.expectError(path, 'NOT_FOUND');
  }
  if (isObject(item)) check.object(item, path);
}
