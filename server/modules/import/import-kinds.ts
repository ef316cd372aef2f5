import { CADRE_TABLE, type CadreImportValues } from './cadres.table';
import type { ImportTable } from './columns';
import { UNIT_TABLE, type UnitImportValues } from './units.table';
import { USER_TABLE, type UserImportValues } from './users.table';

/** What an import file holds, as named in `POST /import/<kind>` and `npm run import -- <kind>`. */
export interface ImportKinds {
  units: UnitImportValues;
  cadres: CadreImportValues;
  users: UserImportValues;
}
export type ImportKind = keyof ImportKinds;

export const IMPORT_TABLES: { readonly [K in ImportKind]: ImportTable<ImportKinds[K]> } = {
  units: UNIT_TABLE,
  cadres: CADRE_TABLE,
  users: USER_TABLE,
};

export const IMPORT_KINDS = Object.keys(IMPORT_TABLES) as ImportKind[];

export function isImportKind(name: string): name is ImportKind {
  return (IMPORT_KINDS as string[]).includes(name);
}

/** The table of one kind, typed by it (indexing IMPORT_TABLES with a variable loses the type). */
export function tableOf<K extends ImportKind>(kind: K): ImportTable<ImportKinds[K]> {
  return IMPORT_TABLES[kind] as ImportTable<ImportKinds[K]>;
}
