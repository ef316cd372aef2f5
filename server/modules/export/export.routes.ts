import { Router, type Request, type Response } from 'express';
import { isInputObjectType } from 'graphql';
import { today } from '../../common/dates';
import { attachment } from '../../common/export/content-disposition';
import { notFound } from '../../common/errors';
import { sendRouteError } from '../../common/route-errors';
import type { RouteDeps } from '../../common/module';
import { cadresExport } from './cadres.export';
import { evaluationsExport } from './evaluations.export';
import type { ExportKind } from './export-kind';
import { filterFromQuery } from './export-filter';
import { exportService, type ExportFormat } from './export.service';
import { postingsExport } from './postings.export';

/** Every list that can be exported, by its name in the URL. */
export const EXPORT_KINDS: Readonly<Record<ExportKind['name'], ExportKind>> = {
  postings: postingsExport,
  cadres: cadresExport,
  evaluations: evaluationsExport,
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * `attachment` with the Chinese name (RFC 6266 / 5987 `filename*`) and an ASCII one for clients
 * that read only `filename`: 挂职信息-2026-11-30.xlsx, postings-2026-11-30.xlsx.
 */
export function contentDisposition(kind: ExportKind, format: ExportFormat, date: string): string {
  return attachment(`${kind.title}-${date}.${format}`, `${kind.name}-${date}.${format}`);
}

function kindOf(file: string): { kind: ExportKind; format: ExportFormat } {
  const match = /^(\w+)\.(csv|xlsx)$/.exec(file);
  const kind =
    match && Object.hasOwn(EXPORT_KINDS, match[1])
      ? EXPORT_KINDS[match[1] as ExportKind['name']]
      : null;
  if (!match || !kind) throw notFound(`Export ${file}`);
  return { kind, format: match[2] as ExportFormat };
}

/**
 * `GET /export/<postings|cadres|evaluations>.<csv|xlsx>?<filter>`: the list as GraphQL gives it to
 * the viewer (row scope, field rules, filter), streamed as a file with Chinese headers.
 */
export function exportRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/export/:file', async (req: Request<{ file: string }>, res: Response) => {
    const client = new AbortController();
    res.on('close', () => client.abort());
    try {
      const ctx = await deps.signedIn(req, 'export');
      const { kind, format } = kindOf(req.params.file);
      exportService.authorize(ctx, kind);
      const filterType = deps.schema.getType(kind.filterType);
      if (!isInputObjectType(filterType))
        throw new Error(`${kind.filterType} is not an input type`);
      const filter = filterFromQuery(filterType, req.query as Record<string, unknown>);
      const headers = {
        'Content-Type': CONTENT_TYPES[format],
        'Content-Disposition': contentDisposition(kind, format, today()),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      };
      // Express answers HEAD with the GET route: the checks, the headers, no scan and no audit.
      if (req.method === 'HEAD') return void res.status(200).set(headers).end();
      const prepared = await exportService.prepare(ctx, { kind, format, filter });
      res.status(200).set(headers);
      await prepared.write(res, client.signal);
    } catch (error) {
      if (!res.headersSent) return sendRouteError(res, error, deps.logError);
      // Mid-file: the status is sent, so the only honest answer is a broken download.
      if (!client.signal.aborted) deps.logError(error);
      res.destroy();
    }
  });
  return router;
}
