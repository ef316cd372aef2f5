import type { Cell, TableSpec } from './model';

export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/**
 * One array parameter per column, however many rows: `unnest` keeps far below PostgreSQL's 65 535
 * bind parameters. Chunks bound the size of one statement.
 */
const CHUNK = 10000;

/** A text[] cell travels as its array literal and is cast back in SQL (unnest flattens 2-D arrays). */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function encode(cell: Cell): string | number | boolean | null {
  if (cell === null || typeof cell !== 'object') return cell;
  return arrayLiteral(cell);
}

function statement<R>(spec: TableSpec<R>): string {
  const names = Object.keys(spec.columns) as (keyof R & string)[];
  const params = names.map((name, i) => {
    const type = spec.columns[name];
    return `$${i + 1}::${type === 'text[]' || type === 'jsonb' ? 'text' : type}[]`;
  });
  const select = names.map((name, i) => {
    const type = spec.columns[name];
    return type === 'text[]' || type === 'jsonb' ? `c${i}::${type}` : `c${i}`;
  });
  const aliases = names.map((_, i) => `c${i}`).join(', ');
  return (
    `INSERT INTO ${spec.name} (${names.join(', ')}) ` +
    `SELECT ${select.join(', ')} FROM unnest(${params.join(', ')}) AS u(${aliases})`
  );
}

export async function insertRows<R extends { [K in keyof R]: Cell }>(
  query: Query,
  spec: TableSpec<R>,
  rows: readonly R[],
): Promise<void> {
  const names = Object.keys(spec.columns) as (keyof R & string)[];
  const sql = statement(spec);
  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.slice(from, from + CHUNK);
    const columns = names.map((name) => chunk.map((row) => encode(row[name])));
    await query(sql, columns);
  }
}

/** Ids were assigned in memory; move each sequence past them so the API's inserts don't collide. */
export async function syncSequence(query: Query, table: string): Promise<void> {
  await query(
    `SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM ${table} HAVING max(id) IS NOT NULL`,
    [table],
  );
}
