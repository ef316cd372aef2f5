import { labelOf } from '../../common/labels';
import { toGlobalId } from '../../common/global-id';
import { CADRE_STATUS_LABELS } from '../cadre/cadre.labels';
import type { CadreStatus } from '../cadre/cadre.entity';
import { cadrePolicy } from '../cadre/cadre.policy';
import { cadreService } from '../cadre/cadre.service';
import type { CadreFilter } from '../cadre/dto/cadre-list.args';
import {
  CADRE_READ_ONLY_HEADERS as READ_ONLY,
  CADRE_TABLE,
  type CadreImportValues,
} from '../import/cadres.table';
import { fieldsOf, type Column } from '../import/columns';
import { dateOf, type ColumnRule, type ExportKind, type KindColumn } from './export-kind';

type CadreField = keyof CadreImportValues & string;

/** Where an import column's value comes from in SQL; header and cell are the import table's. */
interface FieldSource {
  sql: (a: string) => string;
  rule?: ColumnRule;
  width?: number;
}

/** Every field of the cadres import (a missing one does not compile), over the cadre row `a`. */
const SOURCES: { readonly [K in CadreField]: FieldSource } = {
  name: { sql: (a) => `${a}.name`, width: 10 },
  gender: { sql: (a) => `${a}.gender`, width: 6 },
  birthDate: { sql: (a) => dateOf(`${a}.birth_date`), rule: cadrePolicy.personalData, width: 12 },
  idNumber: { sql: (a) => `${a}.id_number`, rule: cadrePolicy.personalData, width: 20 },
  homeUnitCode: { sql: () => 'x_home.code', width: 12 },
  positionTitle: { sql: (a) => `${a}.position_title`, width: 20 },
  rank: { sql: (a) => `${a}.rank`, width: 8 },
  education: { sql: (a) => `${a}.education` },
  politicalStatus: { sql: (a) => `${a}.political_status` },
  isLeadership: { sql: (a) => `${a}.is_leadership`, width: 8 },
  isReserve: { sql: (a) => `${a}.is_reserve`, width: 8 },
  isTrainee: { sql: (a) => `${a}.is_trainee`, width: 10 },
  isRecruitedGraduate: { sql: (a) => `${a}.is_recruited_graduate`, width: 8 },
  specialties: { sql: (a) => `${a}.specialties`, width: 24 },
  phone: { sql: (a) => `${a}.phone`, rule: cadrePolicy.personalData, width: 14 },
};

/** An import column as exported: the import's header, its value written as the import reads it. */
function importColumn<K extends CadreField>(field: K): KindColumn {
  const column = CADRE_TABLE[field] as Column<CadreImportValues[K]>;
  return {
    ...SOURCES[field],
    header: column.header,
    cell: (raw: NonNullable<CadreImportValues[K]> | null) =>
      raw === null ? null : column.codec.write(raw),
  };
}

/** The read-only columns, each after the import column it explains. */
const READ_ONLY_AFTER: Partial<Record<CadreField, KindColumn>> = {
  gender: {
    // For roles that may not read the exact birth date (analysts, unit managers).
    header: READ_ONLY.birthYear,
    sql: (a) => `CAST(EXTRACT(YEAR FROM ${a}.birth_date) AS int)`,
    width: 8,
  },
  homeUnitCode: { header: READ_ONLY.homeUnitName, sql: () => 'x_home.name', width: 24 },
};

/**
 * 干部: each cadre's profile, with the cadres import's headers and labels (an exported file edited
 * in Excel imports back), plus read-only columns the import skips; personal data only where the
 * role reads it on every record.
 */
export const cadresExport: ExportKind = {
  name: 'cadres',
  title: '干部名单',
  type: 'Cadre',
  filterType: 'CadreFilter',
  list: cadrePolicy.may.list,
  auditAction: 'cadre.export',
  rootList: (ctx, filter) => cadreService.list(ctx, { filter: filter as CadreFilter }),
  joins: (a, related) => [related('Unit', 'x_home', `x_home.id = ${a}.home_unit_id`)],
  columns: [
    {
      header: READ_ONLY.id,
      sql: (a) => `${a}.id`,
      cell: (id: number) => toGlobalId('Cadre', id),
      width: 14,
    },
    ...fieldsOf(CADRE_TABLE).flatMap((field) => {
      const after = READ_ONLY_AFTER[field];
      return after ? [importColumn(field), after] : [importColumn(field)];
    }),
    {
      header: READ_ONLY.status,
      sql: (a) => `${a}.status`,
      cell: (status: CadreStatus) => labelOf(CADRE_STATUS_LABELS, status),
      width: 8,
    },
  ],
};
