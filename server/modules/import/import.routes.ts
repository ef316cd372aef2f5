import { Router, type Request, type Response } from 'express';
import { badInput, notFound } from '../../common/errors';
import type { RouteDeps } from '../../common/module';
import { sendJsonError, sendRouteError } from '../../common/route-errors';
import type { FileFormat } from './file-bytes';
import { localize, negotiateLocale, type Locale } from '../../common/text';
import { ImportFileError, localizeRowErrors, type ImportFileErrorCode } from './file-errors';
import { isImportKind, type ImportKind } from './import-kinds';
import { importPolicy } from './import.policy';
import { importService } from './import.service';
import { DEFAULT_IMPORT_LIMITS } from './limits';
import { importTemplate, templateDisposition } from './templates';

const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A file refused as a whole: too big is 413, not a spreadsheet we read is 415, the rest 400. */
const FILE_STATUS: Partial<Record<ImportFileErrorCode, number>> = {
  FILE_TOO_LARGE: 413,
  TOO_MANY_ROWS: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  UNSUPPORTED_ENCODING: 415,
};

function sendFileError(res: Response, error: ImportFileError, locale: Locale): void {
  sendJsonError(res, FILE_STATUS[error.code] ?? 400, localize(error.text, locale), {
    code: error.code,
    rows: localizeRowErrors(error.errors, locale),
  });
}

function kindOf(name: string): ImportKind {
  if (!isImportKind(name)) throw notFound(`Import kind ${name}`);
  return name;
}

function dryRunOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw badInput({ en: 'dryRun is true or false', zh: 'dryRun 只能为 true 或 false' }, 'dryRun');
}

/**
 * `POST /import/<units|cadres|users>?dryRun=true|false`, the file as the raw body (any content
 * type: the reader tells .xlsx from CSV by content). The rules are the services'; this only turns
 * HTTP into an import request and its answer into JSON.
 * `GET /import/templates/<kind>.<xlsx|csv>`: the file to fill in.
 */
export function importRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.post('/import/:kind', async (req: Request<{ kind: string }>, res: Response) => {
    try {
      const ctx = await deps.signedIn(req, 'import');
      importPolicy.may.import(ctx.viewer);
      const kind = kindOf(req.params.kind);
      const dryRun = dryRunOf(req.query.dryRun);
      // A declared size over the limit is refused before a byte is read; the reader still
      // counts the bytes of a body sent without Content-Length (chunked).
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > DEFAULT_IMPORT_LIMITS.maxBytes) {
        throw new ImportFileError('FILE_TOO_LARGE', {
          en: `The file is larger than ${DEFAULT_IMPORT_LIMITS.maxBytes} bytes; split it into smaller files.`,
          zh: `文件超过 ${DEFAULT_IMPORT_LIMITS.maxBytes} 字节，请拆分为多个较小的文件。`,
        });
      }
      const summary = await importService.run(ctx, { kind, source: req, dryRun });
      // Row errors are written in both languages; the client reads its own (Accept-Language).
      const errors = localizeRowErrors(summary.errors, ctx.locale);
      res
        .status(200)
        .set('Cache-Control', 'no-store')
        .json({ ...summary, errors });
    } catch (error) {
      if (error instanceof ImportFileError) return sendFileError(res, error, negotiateLocale(req));
      sendRouteError(res, error, deps.logError);
    }
  });
  router.get('/import/templates/:file', async (req: Request<{ file: string }>, res: Response) => {
    try {
      await deps.signedIn(req, 'importTemplate');
      const match = /^(\w+)\.(csv|xlsx)$/.exec(req.params.file);
      if (!match || !isImportKind(match[1])) throw notFound(`Template ${req.params.file}`);
      const format = match[2] as FileFormat;
      const file = await importTemplate(match[1], format);
      res
        .status(200)
        .set({
          'Content-Type': CONTENT_TYPES[format],
          'Content-Disposition': templateDisposition(match[1], format),
          'X-Content-Type-Options': 'nosniff',
        })
        .send(file);
    } catch (error) {
      sendRouteError(res, error, deps.logError);
    }
  });
  return router;
}
