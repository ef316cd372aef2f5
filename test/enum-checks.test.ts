import { createTestEnv, type TestEnv } from './support/env';

/**
 * TypeScript enums stored in columns and the columns' CHECK lists are kept in step by hand: each
 * entity column declaring `enum` must allow exactly those values in the migrated database, and
 * each CHECK listing values must belong to such a column. Pairs come from TypeORM's metadata, so a
 * new enum column is covered without editing this file.
 */
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

interface Pair {
  name: string;
  table: string;
  column: string;
  values: string[];
}

interface ListCheck {
  table: string;
  column: string;
  kind: string;
  definition: string;
}

/** The values quoted in a CHECK or view definition, e.g. `ARRAY['A'::text, 'B'::text]`. */
const literals = (definition: string) =>
  [...definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1]).sort();

function enumPairs(): Pair[] {
  return env.dataSource.entityMetadatas.flatMap((entity) =>
    entity.columns
      .filter((c) => c.enum !== undefined)
      .map((c) => ({
        name: `${entity.name}.${c.propertyName}`,
        table: entity.tableName,
        column: c.databaseName,
        values: c.enum!.map(String).sort(),
      })),
  );
}

/** Single-column CHECKs that list text values, and every view's definition. */
async function listChecks(): Promise<ListCheck[]> {
  return env.dataSource.query(
    `SELECT c.relname AS table, a.attname AS column, 'check' AS kind,
            pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'c' AND cardinality(k.conkey) = 1
        AND c.relnamespace = 'public'::regnamespace
        AND pg_get_constraintdef(k.oid) LIKE '%ARRAY[%'
     UNION ALL
     SELECT c.relname, NULL, 'view', pg_get_viewdef(c.oid)
       FROM pg_class c WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace`,
  );
}

/** What differs between the entities' enums and the database's lists, one line a difference. */
function problemsOf(pairs: Pair[], checks: ListCheck[]): string[] {
  const problems: string[] = [];
  for (const pair of pairs) {
    const check = checks.filter((c) => c.table === pair.table && c.column === pair.column);
    // A view (posting_alert) has no CHECK: the values it can produce are the literals it names.
    const view = checks.find((c) => c.table === pair.table && c.kind === 'view');
    const allowed = check.length === 1 ? literals(check[0].definition) : undefined;
    const source = allowed ? `CHECK on ${pair.table}.${pair.column}` : `view ${pair.table}`;
    const values = allowed ?? (view ? [...new Set(literals(view.definition))] : undefined);
    if (!values) {
      problems.push(`${pair.name}: ${check.length} CHECK lists on ${pair.table}.${pair.column}`);
      continue;
    }
    const missing = pair.values.filter((v) => !values.includes(v));
    const extra = values.filter((v) => !pair.values.includes(v));
    if (missing.length) problems.push(`${pair.name}: ${source} lacks ${missing.join(', ')}`);
    if (extra.length) problems.push(`${pair.name}: ${source} allows ${extra.join(', ')}`);
  }
  for (const check of checks.filter((c) => c.kind === 'check')) {
    if (!pairs.some((p) => p.table === check.table && p.column === check.column)) {
      problems.push(`${check.table}.${check.column}: a CHECK list without an entity enum`);
    }
  }
  return problems;
}

describe('enum columns and CHECK constraints', () => {
  it('finds every enum value allowed by its column and nothing else when the schema is migrated', async () => {
    const pairs = enumPairs();
    const problems = problemsOf(pairs, await listChecks());
    console.log(`enum ↔ CHECK: ${pairs.length} enum columns compared with their CHECK or view`);
    expect(problems).toEqual([]);
    expect(pairs.length).toBeGreaterThanOrEqual(20);
  });

  it('reports a value missing on either side when an enum and its CHECK differ', () => {
    const pair = { name: 'Round.status', table: 'round', column: 'status', values: ['A', 'B'] };
    const check = (values: string[]): ListCheck => ({
      table: 'round',
      column: 'status',
      kind: 'check',
      definition: `CHECK ((status = ANY (ARRAY[${values.map((v) => `'${v}'::text`).join(', ')}])))`,
    });
    expect(problemsOf([pair], [check(['A', 'B'])])).toEqual([]);
    expect(problemsOf([pair], [check(['A'])])).toEqual([
      'Round.status: CHECK on round.status lacks B',
    ]);
    expect(problemsOf([pair], [check(['A', 'B', 'C'])])).toEqual([
      'Round.status: CHECK on round.status allows C',
    ]);
    expect(problemsOf([], [check(['A'])])).toEqual([
      'round.status: a CHECK list without an entity enum',
    ]);
    expect(problemsOf([pair], [])).toEqual(['Round.status: 0 CHECK lists on round.status']);
  });
});
