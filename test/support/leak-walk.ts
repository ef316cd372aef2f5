import type { GraphQLSchema } from 'graphql';
import { toGlobalId } from '../../server/common/global-id';
import { createSchema } from '../../server/schema';
import { createTestEnv, type GraphQLResponse, type TestEnv } from './env';
import { ResponseCheck, type Tally } from './leak-check';
import { isObject, rootDocuments, type JsonObject, type RootDocument } from './leak-documents';
import { buildLeakWorld, type LeakViewer, type LeakWorld } from './leak-world';
import { noQueryLimits } from './no-query-limits';
import { VisibilityOracle } from './visibility-oracle';
import { loadSnapshot, type Snapshot } from './visibility-snapshot';

const PARALLEL = 6;

export async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}

export function report(failures: string[]): string[] {
  return failures.length > 40
    ? [...failures.slice(0, 40), `… ${failures.length - 40} more`]
    : failures;
}

/**
 * The leak world on a fresh database, the snapshot its oracle reads, and the documents generated
 * from the schema; counts what it sends and checks for the log.
 */
export class LeakWalk {
  readonly tally: Tally = { documents: 0, objects: 0, assertions: 0 };

  private constructor(
    readonly env: TestEnv,
    readonly world: LeakWorld,
    readonly schema: GraphQLSchema,
    readonly snapshot: Snapshot,
    readonly documents: RootDocument[],
  ) {}

  static async open(): Promise<LeakWalk> {
    // The generated documents are deeper than a client's; limits are not what is tested here.
    const env = await createTestEnv({
      maxQueryDepth: 64,
      maxTokens: 1_000_000,
      maxAliases: 10_000,
      ...noQueryLimits,
    });
    const world = await buildLeakWorld(env);
    // What finalizing on 2025-12-25 froze: the FINAL's own mean, before the later inspection that
    // a live computation by ORG_ADMIN would now count (87.45). earlierFinal keeps no stored score.
    await env.dataSource.query('UPDATE evaluation SET overall_score = 88.14 WHERE id = $1', [
      world.evaluations.finalEvaluation.id,
    ]);
    const schema = await createSchema();
    return new LeakWalk(
      env,
      world,
      schema,
      await loadSnapshot(env.dataSource),
      rootDocuments(schema),
    );
  }

  oracleFor(viewer: LeakViewer): VisibilityOracle {
    return new VisibilityOracle(this.snapshot, viewer.viewer);
  }

  /** A document generated from the schema, as `viewer`: raw text by design. */
  run(
    viewer: LeakViewer,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<JsonObject>> {
    return this.counted(this.env.rawGraphql<JsonObject>(query, variables, viewer.token));
  }

  /** Counts a response towards the documents the log reports. */
  counted<T>(response: Promise<T>): Promise<T> {
    this.tally.documents++;
    return response;
  }

  /** Walks one generated root document as `viewer`; returns the failures and the raw response. */
  async walkRoot(
    viewer: LeakViewer,
    doc: RootDocument,
  ): Promise<{ failures: string[]; response: GraphQLResponse<JsonObject> }> {
    const oracle = this.oracleFor(viewer);
    const res = await this.run(viewer, doc.query);
    const check = new ResponseCheck(
      this.schema,
      oracle,
      this.tally,
      `${viewer.label} ${doc.root}`,
      res,
    );
    const value = res.data?.[doc.root];
    if (!oracle.mayCallRoot(doc.root)) {
      check.assert(value === null || value === undefined, `${doc.root} answered a role denied it`);
      check.expectError([doc.root], 'FORBIDDEN');
    } else if (!isObject(value)) {
      check.assert(false, `${doc.root} is ${JSON.stringify(value)}`);
    } else if (Array.isArray(value.nodes)) {
      const expected = oracle.rootList(doc.root);
      check.assert(expected !== undefined, `the oracle has no rule for Query.${doc.root}`);
      if (expected) check.list(expected.type, expected.ids, value, [doc.root], `Query.${doc.root}`);
      value.nodes.forEach((n, k) => {
        if (isObject(n)) check.object(n, [doc.root, 'nodes', k]);
      });
    } else {
      if (doc.root === 'statistics') check.statistics(value, oracle.statistics());
      if (doc.root === 'me') {
        check.assert(
          value.id === toGlobalId('User', viewer.viewer.userId ?? 0),
          `me is ${String(value.id)}`,
        );
      }
      check.object(value, [doc.root]);
    }
    check.finish();
    return { failures: check.failures, response: res };
  }
}
