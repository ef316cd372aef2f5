import { besideGraphql } from './export';

/** What the server imports (`POST /import/<kind>`). */
export type ImportKind = 'units' | 'cadres' | 'users';

/** One refused cell or row: `column` is the header as written in the file, null for the row. */
export interface ImportRowError {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

/** The answer of an import: any error means nothing was written. */
export interface ImportSummary {
  importId: string;
  dryRun: boolean;
  kind: ImportKind;
  /**
   * Whether the rows were written: false for a dry run and whenever any row is refused. The counts
   * then say what a run without errors would do, not what happened.
   */
  written: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  /** A real users import only: each new account's one-time password, shown this once. */
  oneTimePasswords?: { line: number; username: string; password: string }[];
}

export interface ImportOptions {
  /** Check every row and write nothing (default false). */
  dryRun?: boolean;
}

/** `…/graphql` → `…/import/<kind>?dryRun=…`. */
export function importUrlFor(graphqlUrl: string, kind: ImportKind, dryRun: boolean): string {
  return besideGraphql(graphqlUrl, `import/${kind}?dryRun=${dryRun}`);
}
