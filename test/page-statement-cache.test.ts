import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld } from './support/world';
import { cachedPageStatements, createLoaders } from '../server/common/loaders';
import { pageSizeClass } from '../server/common/pagination';
import { postingService } from '../server/modules/posting/posting.service';
import type { PostingListArgs } from '../server/modules/posting/dto/posting-list.args';
import { toGlobalId } from '../server/common/global-id';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import { REGISTRY } from '../server/modules';

/**
 * The page statements cached across requests (server/common/loaders.ts) must not grow with what
 * a client sends: a cursor or a filter of a request's size, kept in 5000 entries, is gigabytes.
 */
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  await buildWorld(env);
});
afterAll(() => env.close());

const admin: Viewer = {
  userId: null,
  apiKeyId: null,
  username: 'admin',
  role: Role.ORG_ADMIN,
  unitId: null,
  cadreId: null,
};

const cursor = (sort: string, id: number) =>
  Buffer.from(JSON.stringify([sort, id])).toString('base64url');

/** A request's `postings(…) { nodes { id startDate } }`, read as the resolver reads it. */
function postings(args: PostingListArgs) {
  const ctx = {
    loaders: createLoaders(env.dataSource, { viewer: admin }, REGISTRY.nodes),
    registry: REGISTRY,
  } as never;
  return postingService.list(ctx, { ...args, select: ['id', 'startDate'] });
}

it('keeps one statement per list shape and page-size class, whatever the cursor', async () => {
  await postings({ first: 1 });
  await postings({ first: 1, after: cursor('2026-01-01', 1) });
  const before = cachedPageStatements();
  for (let i = 0; i < 20; i++) {
    const page = await postings({ first: 1 + i, after: cursor(`2026-01-${10 + i}`, i) });
    expect(page.edges.length).toBeLessThanOrEqual(1 + i);
  }
  // Pages of 2 to 20 after a cursor: the classes 5, 10 and 20 (server/common/pagination.ts).
  expect(cachedPageStatements() - before).toBe(3);
  expect([1, 2, 5, 6, 10, 11, 20, 21, 50, 51, 100].map(pageSizeClass)).toEqual([
    1, 5, 5, 10, 10, 20, 20, 50, 50, 100, 100,
  ]);
});

it('keeps no statement for a request-sized cursor or filter', async () => {
  const before = cachedPageStatements();
  // ~400 kB each, in a body under the 1 MB limit: 5000 of them would be 2 GB.
  const long = '2026-01-01'.padEnd(400_000, ' ');
  for (const id of [1, 2]) {
    // PostgreSQL refuses the date (BAD_USER_INPUT) once the statement is built.
    await postings({ first: 5, after: cursor(long, id) }).catch(() => null);
  }
  for (const n of [20_000, 20_001]) {
    const cadreIds = Array.from({ length: n }, (_, i) => toGlobalId('Cadre', i + 1));
    await postings({ first: 5, filter: { cadreIds } });
  }
  expect(cachedPageStatements() - before).toBe(0);
});
