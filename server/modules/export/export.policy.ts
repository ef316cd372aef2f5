import { permission } from '../../common/permission';
import type { Viewer } from '../../common/viewer';
import { cadrePolicy } from '../cadre/cadre.policy';
import type { ColumnRule, KindColumn } from './export-kind';

/**
 * Bulk exports are for those who run or study the programme, as statistics are: the org
 * department, analysts and unit managers (each within their read scope). Mentors and cadres read
 * their few records through GraphQL.
 */
const may = {
  export: permission(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: true,
      ANALYST: true,
      MENTOR: false,
      CADRE: false,
    },
    {
      en: 'Exports are for the organisation department, analysts and unit managers',
      zh: '导出仅限组织部门、数据分析人员和单位管理员',
    },
  ),
};

/**
 * Whether a column guarded by a GraphQL field rule is exported: only where the viewer's role
 * reads that field on every row (`true` in the rule's table). Where the answer is `false`, or
 * depends on the row (a person's own record), the column is left out rather than emptied, so the
 * sheet's shape says what the role gets and no denied value is even selected.
 */
function exportsColumn(viewer: Viewer, rule: ColumnRule | undefined): boolean {
  return rule === undefined || rule.byRole[viewer.role] === true;
}

/** The columns a viewer's export has. */
function columnsFor(viewer: Viewer, columns: readonly KindColumn[]): KindColumn[] {
  return columns.filter((column) => exportsColumn(viewer, column.rule));
}

/** Rules whose fields are personal data (DESIGN §4): an export with any of them is audited. */
const PERSONAL_DATA: readonly ColumnRule[] = [cadrePolicy.personalData];

function hasPersonalData(columns: readonly KindColumn[]): boolean {
  return columns.some((column) => column.rule !== undefined && PERSONAL_DATA.includes(column.rule));
}

export const exportPolicy = { may, exportsColumn, columnsFor, hasPersonalData };
