import type { ObjectLiteral } from 'typeorm';
import type { Context } from '../../context';
import type { ExportCell } from '../../common/export/export-columns';
import type { RelatedRow } from '../../common/export/keyset-scan';
import type { FieldAnswer } from '../../common/field-rule';
import type { AuditAction, NodeTypeName } from '../../common/module';
import type { Permission } from '../../common/permission';
import type { Role } from '../../common/role';

/** A field rule as the export reads it: its answer per role (see `exportPolicy.exportsColumn`). */
export interface ColumnRule {
  readonly byRole: Readonly<Record<Role, FieldAnswer<never>>>;
}

/** One column of an export: its Chinese header, its SQL over the page's joins and its cell. */
export interface KindColumn {
  header: string;
  /** SQL expression of the raw value; `a` is the listed type's alias. */
  sql: (a: string) => string;
  /** The cell from the raw value (enum → Chinese label …); the raw value when absent. */
  cell?: (raw: never) => ExportCell;
  width?: number;
  /** The GraphQL field rule guarding this value, if any: the column follows it. */
  rule?: ColumnRule;
}

/** A list that can be exported (`GET /export/<name>.<csv|xlsx>`). */
export interface ExportKind {
  name: 'postings' | 'cadres' | 'evaluations';
  /** Chinese name of the list: the file name and the worksheet's. */
  title: string;
  type: NodeTypeName;
  /** The GraphQL input type of the list's filter; the query parameters are read as one. */
  filterType: string;
  /** Who may list the concept in GraphQL. */
  list: Permission;
  /**
   * The GraphQL root list with this filter, from the concept's own service: the export takes its
   * filter and order from it (see `rootListOf`), so both always select the same rows.
   */
  rootList(ctx: Context, filter: ObjectLiteral | undefined): Promise<unknown>;
  /** Related rows joined per page, each through the viewer's read scope of its type. */
  joins(a: string, related: RelatedRow): string[];
  columns: KindColumn[];
  /** What the audit trail records of an export with personal data; required where it can have any. */
  auditAction?: AuditAction;
}

/** A date column as `YYYY-MM-DD` text (node-postgres would make a local-midnight Date of it). */
export function dateOf(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD')`;
}
