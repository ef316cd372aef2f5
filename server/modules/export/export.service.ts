import type { Writable } from 'node:stream';
import type { ObjectLiteral } from 'typeorm';
import { requireViewer, withTransaction, type Context } from '../../context';
import { writeCsvExport } from '../../common/export/csv-export';
import type { ExportCell, ExportColumn } from '../../common/export/export-columns';
import { keysetScan, scanCount, type ScanRequest } from '../../common/export/keyset-scan';
import { writeXlsxExport } from '../../common/export/xlsx-export';
import type { ListQuery } from '../../common/loaders';
import type { Page } from '../../common/pagination';
import type { ExportKind, KindColumn } from './export-kind';
import { exportPolicy } from './export.policy';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  /** The list's filter, already coerced by its GraphQL input type. */
  filter: Record<string, unknown> | undefined;
}

/** An export checked, audited where it must be, and ready to stream. */
export interface PreparedExport {
  headers: string[];
  /** Streams the file to `out` and ends it; resolves to the number of rows written. */
  write(out: Writable, signal: AbortSignal): Promise<number>;
}

type ExportRow = Record<string, unknown>;

const EMPTY_PAGE: Page<never> = {
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: () => Promise.resolve(0),
};

/**
 * The root list GraphQL serves for the kind and filter, as the concept's own service defines it
 * (filter, default order, node type): the service is run against a context whose page loader
 * keeps the list it is handed instead of reading a page. The export then scans that same list
 * in large pages, so it can never select other rows than `postings(filter: …)` does, and a filter
 * a service adds later is exported without a change here. Bad IDs in the filter are refused by
 * the service itself (BAD_USER_INPUT).
 */
async function rootListOf(ctx: Context, request: ExportRequest): Promise<ListQuery<ObjectLiteral>> {
  let captured: ListQuery<ObjectLiteral> | undefined;
  const probe: Context = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object), ctx, {
    loaders: {
      ...ctx.loaders,
      page: (list: ListQuery<ObjectLiteral>) => {
        captured = list;
        return Promise.resolve(EMPTY_PAGE);
      },
    },
  }) as Context;
  await request.kind.rootList(probe, request.filter);
  if (!captured || captured.type !== request.kind.type || captured.parentColumn !== null)
    throw new Error(`The ${request.kind.name} list did not page its root list`);
  return captured;
}

/** The writer's columns: each cell from its raw value (`c0`, `c1` … in the page's SELECT). */
function writerColumns(columns: readonly KindColumn[]): ExportColumn<ExportRow>[] {
  return columns.map((column, i) => {
    const key = `c${i}`;
    // `cell` is typed by each column for its own raw value; the SELECT gives it that value.
    const cell = column.cell as ((raw: unknown) => ExportCell) | undefined;
    return {
      header: column.header,
      width: column.width,
      value: cell ? (row) => cell(row[key]) : (row) => row[key] as ExportCell,
    };
  });
}

export class ExportService {
  /** FORBIDDEN unless the viewer may list the concept and export lists at all. */
  authorize(ctx: Context, kind: ExportKind): void {
    const viewer = requireViewer(ctx);
    kind.list(viewer);
    exportPolicy.may.export(viewer);
  }

  /**
   * Everything that can refuse, before the first byte: the viewer, the filter, and for personal
   * data the audit entry (who, which list, which filter, how many rows), committed before any
   * of it leaves.
   */
  async prepare(ctx: Context, request: ExportRequest): Promise<PreparedExport> {
    this.authorize(ctx, request.kind);
    const viewer = requireViewer(ctx);
    const list = await rootListOf(ctx, request);
    const columns = exportPolicy.columnsFor(viewer, request.kind.columns);
    const alias = ctx.registry.nodes[request.kind.type].alias;
    const scan: ScanRequest = {
      dataSource: ctx.dataSource,
      nodes: ctx.registry.nodes,
      viewer,
      type: request.kind.type,
      where: list.where as ScanRequest['where'],
      order: list.order,
      joins: (related) => request.kind.joins(alias, related),
      select: Object.fromEntries(columns.map((column, i) => [`c${i}`, column.sql(alias)])),
    };
    if (exportPolicy.hasPersonalData(columns)) {
      await this.audit(ctx, request, columns, await scanCount(scan));
    }
    const format = request.format;
    const sheetName = request.kind.title;
    return {
      headers: columns.map((column) => column.header),
      write(out, signal) {
        const rows = keysetScan<ExportRow>({ ...scan, signal });
        const written =
          format === 'csv'
            ? writeCsvExport(rows, writerColumns(columns), out)
            : writeXlsxExport(rows, writerColumns(columns), out, { sheetName });
        // A writer whose destination is gone may never settle; the scan has stopped by then.
        const aborted = new Promise<never>((_resolve, reject) => {
          const stop = () => reject(new Error('The client went away'));
          if (signal.aborted) stop();
          else signal.addEventListener('abort', stop, { once: true });
        });
        return Promise.race([written, aborted]);
      },
    };
  }

  /** An export that carries personal data is an audited act, like a change (DESIGN §4). */
  private async audit(
    ctx: Context,
    request: ExportRequest,
    columns: readonly KindColumn[],
    rows: number,
  ): Promise<void> {
    const { kind } = request;
    if (!kind.auditAction) throw new Error(`The ${kind.name} export has no audit action`);
    const action = kind.auditAction;
    await ctx.dataSource.transaction((tx) =>
      ctx.registry.auditTrail.record(withTransaction(ctx, tx), {
        action,
        entity: kind.type,
        // An export is about a list, not one record: entity id 0, the list in `after`.
        entityId: 0,
        after: {
          list: kind.name,
          format: request.format,
          filter: request.filter ?? {},
          rows,
          columns: columns.map((column) => column.header),
        },
      }),
    );
  }
}

export const exportService = new ExportService();
