import type { Query } from './insert';

/**
 * PostgreSQL's own advice for populating a database (manual §14.4, "Remove Indexes", "Remove
 * Foreign Key Constraints"): a secondary index built once over the loaded rows is a sort, where
 * kept during the load it is a descent per row; a foreign key added afterwards is checked by one
 * join, where kept it is a trigger call and an index lookup per row. At scale 625 that was about
 * half of the seed's writing time (posting alone: 16 indexes and 5 foreign keys per row).
 *
 * Only indexes no constraint owns or depends on are dropped: primary keys, unique and exclusion
 * constraints stay (they are the rules; the seed must not write what they refuse), as do the
 * unique indexes that other tables' foreign keys point at, and every index of a table with a
 * row-level trigger of its own: such a trigger may read its table through them
 * (mentorship_mentor_load counts the mentor's active mentees for every row: 62 s at scale 625
 * without its index). Everything is rebuilt from the catalogue's own definitions under the same
 * names, inside the seed's transaction, so a failure anywhere rolls the schema back with the rows.
 */
interface Definition {
  table: string;
  name: string;
  definition: string;
}

export interface DeferredChecks {
  indexes: number;
  foreignKeys: number;
  /** Rebuilds what was dropped; a row that breaks a foreign key or unique index fails here. */
  restore(): Promise<void>;
}

const FOREIGN_KEYS = `
  SELECT c.conrelid::regclass::text AS table, c.conname AS name,
    pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c
  WHERE c.contype = 'f' AND c.conrelid = ANY($1::regclass[])
  ORDER BY c.oid`;

const FREE_INDEXES = `
  SELECT i.indrelid::regclass::text AS table, i.indexrelid::regclass::text AS name,
    pg_get_indexdef(i.indexrelid) AS definition
  FROM pg_index i
  WHERE i.indrelid = ANY($1::regclass[])
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = i.indrelid
      AND NOT t.tgisinternal AND (t.tgtype & 1) = 1)
  ORDER BY i.indexrelid`;

/** Drops the foreign keys and free secondary indexes of `tables` until `restore()` is called. */
export async function deferChecks(
  query: Query,
  tables: readonly string[],
): Promise<DeferredChecks> {
  const foreignKeys = (await query(FOREIGN_KEYS, [tables])) as Definition[];
  // Read before the foreign keys go: the unique indexes they point at must stay.
  const indexes = (await query(FREE_INDEXES, [tables])) as Definition[];
  for (const key of foreignKeys)
    await query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quote(key.name)}`);
  if (indexes.length > 0) await query(`DROP INDEX ${indexes.map((i) => i.name).join(', ')}`);
  return {
    indexes: indexes.length,
    foreignKeys: foreignKeys.length,
    async restore() {
      // Index builds sort in memory up to this much each (the default 64 MB spills to disk).
      await query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const index of indexes) await query(index.definition);
      for (const key of foreignKeys)
        await query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`);
    },
  };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
