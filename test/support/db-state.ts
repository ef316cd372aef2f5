import type { DataSource } from 'typeorm';

const TABLES = [
  'unit',
  'cadre',
  'career_event',
  'selection_round',
  'candidate',
  'posting',
  'mentorship',
  'mentor_session',
  'feedback_report',
  'evaluation',
  'debrief',
  'debrief_posting',
  'experience_article',
  'app_user',
  'audit_entry',
  'policy',
  'api_key',
];

/** A digest of every row of every table: equal before and after means nothing was written. */
export async function fingerprint(ds: DataSource): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await ds.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`,
    );
    result[table] = `${row.n}:${row.h}`;
  }
  return result;
}
