import type { DataSource } from 'typeorm';

/**
 * Every table the modules' entities declare, join tables included, views left out: a new module's tables are fingerprinted without being listed here.
 */
async function tablesOf(ds: DataSource): Promise<string[]> {
  const names = [...new Set(ds.entityMetadatas.map((m) => m.tablePath))];
  const rows: { name: string }[] = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name = ANY($1)
      ORDER BY table_name`,
    [names],
  );
  return rows.map((r) => r.name);
}

/** A digest of every row of every table: equal before and after means nothing was written. */
export async function fingerprint(ds: DataSource): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of await tablesOf(ds)) {
    const [row] = await ds.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`,
    );
    result[table] = `${row.n}:${row.h}`;
  }
  return result;
}
