import type { DataSource } from 'typeorm';

/**
 * The reference list queries of issue #12 (every order field alone, the status filter with each
 * posting order, lists under a parent in their default order, a unit manager's scoped lists) and
 * the index each one's page must be read from. Shared by test/list-plans.test.ts (plan shapes on a
 * small database) and test/bench/list-plans.ts (figures at scale 625).
 */
export interface ListPlanCase {
  name: string;
  /** Who asks: the demo account's username. */
  as: 'admin' | 'manager' | 'mentor';
  query: string;
  /** The list whose plan is checked: its table and the index that must give its rows in order. */
  table: string;
  index: string;
  /** The list checked is a nested one (one statement for all parents), not the root list. */
  nested?: boolean;
  /** Another index that serves the list as well, which the planner may take instead. */
  orIndex?: string;
  /**
   * Why the plan is checked at scale 625 only (test/bench/list-plans.ts): on the test's small
   * database another plan is the right one.
   */
  benchOnly?: string;
  /**
   * Tables of the references the page reads beside its rows (server/common/joins.ts): each read
   * by index, a probe per row of the page, never scanned whole.
   */
  joined?: string[];
  /** Some rows of the answer are outside the viewer's scope (FORBIDDEN at their paths). */
  partial?: boolean;
}

const P = '{ id }';
const postings = (args: string) => `{ postings(first: 50${args}) { nodes ${P} } }`;

export const LIST_PLAN_CASES: ListPlanCase[] = [
  ...(['START_DATE', 'PLANNED_END_DATE', 'CREATED_AT'] as const).flatMap((field) => {
    const index = `posting_${field.toLowerCase()}_id_idx`;
    const status = `posting_status_${field.toLowerCase()}_id_idx`;
    return [
      {
        name: `postings by ${field}`,
        as: 'admin' as const,
        query: postings(`, orderBy: { field: ${field} }`),
        table: 'posting',
        index,
      },
      {
        name: `postings by ${field} DESC`,
        as: 'admin' as const,
        query: postings(`, orderBy: { field: ${field}, direction: DESC }`),
        table: 'posting',
        index,
      },
      {
        name: `ACTIVE postings by ${field}`,
        as: 'admin' as const,
        query: postings(`, filter: { status: [ACTIVE] }, orderBy: { field: ${field} }`),
        table: 'posting',
        index: status,
      },
    ];
  }),
  {
    name: 'cadres by NAME',
    as: 'admin',
    query: `{ cadres(first: 50) { nodes ${P} } }`,
    table: 'cadre',
    index: 'cadre_name_id_idx',
  },
  {
    name: 'cadres by CREATED_AT DESC',
    as: 'admin',
    query: `{ cadres(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { nodes ${P} } }`,
    table: 'cadre',
    index: 'cadre_created_at_id_idx',
  },
  {
    name: 'units by CREATED_AT',
    as: 'admin',
    query: `{ units(first: 50, orderBy: { field: CREATED_AT }) { nodes ${P} } }`,
    table: 'unit',
    index: 'unit_created_at_id_idx',
  },
  {
    name: 'evaluations by CREATED_AT',
    as: 'admin',
    query: `{ evaluations(first: 50, orderBy: { field: CREATED_AT }) { nodes ${P} } }`,
    table: 'evaluation',
    index: 'evaluation_created_at_id_idx',
  },
  {
    name: 'mentorships by START_DATE',
    as: 'admin',
    query: `{ mentorships(first: 50) { nodes ${P} } }`,
    table: 'mentorship',
    index: 'mentorship_start_date_id_idx',
  },
  {
    name: 'mentorships by CREATED_AT',
    as: 'admin',
    query: `{ mentorships(first: 50, orderBy: { field: CREATED_AT }) { nodes ${P} } }`,
    table: 'mentorship',
    index: 'mentorship_created_at_id_idx',
  },
  {
    name: 'feedback reports by PERIOD',
    as: 'admin',
    query: `{ feedbackReports(first: 50, orderBy: { field: PERIOD }) { nodes ${P} } }`,
    table: 'feedback_report',
    index: 'feedback_report_period_start_id_idx',
  },
  {
    name: 'postings received by 20 units (start date)',
    nested: true,
    as: 'admin',
    query: `{ units(first: 20) { nodes { postingsReceived(first: 20) { nodes ${P} } } } }`,
    table: 'posting',
    index: 'posting_receiving_unit_start_date_idx',
    // On a small table the planner may read the unit's few rows by (unit, status, …) and sort.
    orIndex: 'posting_receiving_unit_status_idx',
  },
  {
    name: 'postings sent by 20 units (start date)',
    nested: true,
    as: 'admin',
    query: `{ units(first: 20) { nodes { postingsSent(first: 20) { nodes ${P} } } } }`,
    table: 'posting',
    index: 'posting_sending_unit_start_date_idx',
    // On a small table the planner may read the unit's few rows by (unit, status, …) and sort.
    orIndex: 'posting_sending_unit_status_idx',
  },
  {
    name: 'cadres of 20 units (name)',
    nested: true,
    as: 'admin',
    query: `{ units(first: 20) { nodes { cadres(first: 20) { nodes ${P} } } } }`,
    table: 'cadre',
    index: 'cadre_home_unit_name_idx',
  },
  {
    name: 'postings of 50 cadres (start date)',
    nested: true,
    as: 'admin',
    query: `{ postings(first: 50) { nodes { cadre { postings(first: 5) { nodes ${P} } } } } }`,
    table: 'posting',
    index: 'posting_cadre_id_idx',
    // The exclusion constraint's GiST index (cadre_id, period) finds a cadre's few postings too.
    orIndex: 'posting_no_overlap',
  },
  {
    name: 'candidates of each round (created at)',
    nested: true,
    as: 'admin',
    query: `{ selectionRounds(first: 10) { nodes { candidates(first: 20) { nodes ${P} } } } }`,
    table: 'candidate',
    index: 'candidate_round_created_at_idx',
  },
  {
    name: 'ACTIVE postings, their references joined',
    as: 'admin',
    query: `{ postings(first: 50, filter: { status: [ACTIVE] }) { nodes {
      id cadre { name homeUnit { name } } receivingUnit { name } } } }`,
    table: 'posting',
    index: 'posting_status_start_date_id_idx',
    joined: ['cadre', 'unit'],
  },
  {
    name: 'postings received by 20 units, cadres joined',
    nested: true,
    as: 'admin',
    query: `{ units(first: 20) { nodes { postingsReceived(first: 20) { nodes { id cadre { name } } } } } }`,
    table: 'posting',
    index: 'posting_receiving_unit_start_date_idx',
    orIndex: 'posting_receiving_unit_status_idx',
    joined: ['cadre'],
  },
  {
    name: 'unit manager: postings, cadres joined',
    as: 'manager',
    query: `{ postings(first: 50) { nodes { id cadre { name } } } }`,
    table: 'posting',
    index: 'posting_receiving_unit_start_date_idx',
    orIndex: 'posting_receiving_unit_status_idx',
    joined: ['cadre'],
    // The cadres of postings the unit received and that are over are no longer the manager's.
    partial: true,
  },
  {
    name: 'unit manager: postings (start date)',
    as: 'manager',
    query: postings(''),
    table: 'posting',
    index: 'posting_receiving_unit_start_date_idx',
    // On a small table the planner may read the unit's few rows by (unit, status, …) and sort.
    orIndex: 'posting_receiving_unit_status_idx',
  },
  {
    name: 'unit manager: ACTIVE postings (start date)',
    as: 'manager',
    query: postings(', filter: { status: [ACTIVE] }'),
    table: 'posting',
    index: 'posting_receiving_unit_status_idx',
  },
  {
    name: 'unit manager: cadres (name)',
    as: 'manager',
    benchOnly: 'at scale 10 a hash semi-join over the whole (small) cadre table is cheaper',
    query: `{ cadres(first: 50) { nodes ${P} } }`,
    table: 'cadre',
    index: 'cadre_home_unit_name_idx',
  },
  {
    name: 'mentor: postings (start date)',
    as: 'mentor',
    query: postings(''),
    table: 'posting',
    index: 'posting_cadre_id_idx',
    orIndex: 'posting_no_overlap',
  },
  {
    name: 'mentor: feedback reports (created at)',
    as: 'mentor',
    query: `{ feedbackReports(first: 50) { nodes ${P} } }`,
    table: 'feedback_report',
    index: 'feedback_report_posting_latest_idx',
  },
  {
    name: 'mentor: evaluations (date)',
    as: 'mentor',
    query: `{ evaluations(first: 50) { nodes ${P} } }`,
    table: 'evaluation',
    index: 'evaluation_posting_id_idx',
  },
  {
    name: 'mentor: cadres (name)',
    as: 'mentor',
    query: `{ cadres(first: 50) { nodes ${P} } }`,
    table: 'cadre',
    index: 'cadre_pkey',
  },
];

/** A statement as TypeORM sent it. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** What one statement's plan did: the scans of each table, sorts, rows read, time. */
export interface PlanSummary {
  /** Scan nodes as `Node Type on table using index`. */
  scans: {
    type: string;
    table: string;
    index: string | null;
    rowsRead: number;
    /** Under a LIMIT: the scan stops early (a page, or a join's probe for one row). */
    underLimit: boolean;
  }[];
  /**
   * Sorts of a table's rows with no LIMIT between them and the scan: the page was found by
   * sorting every row the scan read. (Sorting a page already cut by a LIMIT is cheap and fine.)
   */
  sortsOverScans: string[];
  /** Every index the plan reads, bitmap index scans included. */
  indexes: string[];
  rowsRead: number;
  ms: number | null;
}

const SCAN = /Scan$/;

/** EXPLAINs `statement` (with ANALYZE when asked: it then runs it) and summarises the plan. */
export async function explain(
  dataSource: DataSource,
  statement: Statement,
  analyze: boolean,
): Promise<PlanSummary> {
  const options = analyze ? 'ANALYZE, BUFFERS, FORMAT JSON' : 'FORMAT JSON';
  const [row] = (await dataSource.query(
    `EXPLAIN (${options}) ${statement.sql}`,
    statement.parameters,
  )) as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time'?: number }[] }[];
  const [top] = row['QUERY PLAN'];
  const summary: PlanSummary = {
    scans: [],
    sortsOverScans: [],
    indexes: [],
    rowsRead: 0,
    ms: top['Execution Time'] ?? null,
  };
  // Returns the tables scanned below `node` with no LIMIT in between.
  const walk = (node: PlanNode, underLimit: boolean): string[] => {
    const limited = underLimit || node['Node Type'] === 'Limit';
    const below = (node.Plans ?? []).flatMap((child) => walk(child, limited));
    if (node['Index Name']) summary.indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Limit') return [];
    if (SCAN.test(node['Node Type']) && node['Relation Name']) {
      const loops = node['Actual Loops'] ?? 1;
      const read =
        ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        loops;
      summary.scans.push({
        type: node['Node Type'],
        table: node['Relation Name'],
        index: node['Index Name'] ?? null,
        rowsRead: read,
        underLimit,
      });
      summary.rowsRead += read;
      return [...below, node['Relation Name']];
    }
    if (node['Node Type'] === 'Sort' && below.length)
      summary.sortsOverScans.push(`Sort over ${[...new Set(below)].join(', ')}`);
    return below;
  };
  walk(top.Plan, false);
  return summary;
}

/**
 * The statements of one request that page `c.table`'s list (SELECT … LIMIT on it): the nested
 * lists' (under `unnest(parents)`) or the root list's.
 */
export function listStatements(statements: Statement[], c: ListPlanCase): Statement[] {
  return statements.filter(
    (s) =>
      /^\s*SELECT/i.test(s.sql) &&
      s.sql.includes(`FROM "${c.table}"`) &&
      /LIMIT/.test(s.sql) &&
      s.sql.includes('unnest(') === (c.nested ?? false),
  );
}
