import { GuazhiError, type GraphQLErrorEntry } from './errors';
import type { CadreFilter, EvaluationFilter, PostingFilter } from './generated/graphql';

/** The lists the server exports (`GET /export/<kind>.<format>`), with the filter each takes. */
export interface ExportFilters {
  postings: PostingFilter;
  cadres: CadreFilter;
  evaluations: EvaluationFilter;
}

export type ExportKind = keyof ExportFilters;

/** `.xlsx` (Excel) or CSV (UTF-8 with a BOM, which Excel opens as UTF-8). */
export type ExportFormat = 'csv' | 'xlsx';

/** An export as it arrives. */
export interface ExportFile {
  /** The name the server gave it (Chinese, e.g. `挂职信息-2026-11-30.xlsx`), or null. */
  filename: string | null;
  contentType: string | null;
  /** The whole file; in a browser, `URL.createObjectURL(await file.blob())` downloads it. */
  blob(): Promise<Blob>;
  /** The file as it streams, for large exports (Node: `Readable.fromWeb(file.body)`). */
  body: ReadableStream<Uint8Array> | null;
}

/**
 * The query string of a filter, as the server reads it: a list as repeated parameters, a nested
 * input as dotted names (`startDate.from`), booleans as `true`/`false`; empty values left out.
 */
export function exportQuery(filter: object | null | undefined): string {
  const pairs: string[] = [];
  const add = (name: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) add(name, item);
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) add(`${name}.${key}`, inner);
    } else {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(filter ?? {})) add(key, value);
  return pairs.join('&');
}

/**
 * The export URL beside a GraphQL endpoint: `http://host/graphql` → `http://host/export/…`, and
 * under a prefix `https://host/api/graphql` → `https://host/api/export/…`. String work only, so it
 * runs where `URL` is incomplete (React Native).
 */
export function exportUrlFor<K extends ExportKind>(
  graphqlUrl: string,
  kind: K,
  format: ExportFormat,
  filter?: ExportFilters[K] | null,
): string {
  const query = exportQuery(filter);
  return besideGraphql(graphqlUrl, `export/${kind}.${format}${query ? `?${query}` : ''}`);
}

/** A route's URL beside the GraphQL endpoint's (`…/graphql` → `…/<path>`), by string work only. */
export function besideGraphql(graphqlUrl: string, path: string): string {
  const base = graphqlUrl.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return `${base.slice(0, base.lastIndexOf('/') + 1)}${path}`;
}

/** The name of `Content-Disposition`: `filename*` (UTF-8) first, else `filename`. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall back to the plain name
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

/** The errors of a refused export or import (JSON shaped like GraphQL's), as a GuazhiError. */
export async function exportError(response: Response, what = 'export'): Promise<GuazhiError> {
  const text = await response.text();
  try {
    const { errors } = JSON.parse(text) as { errors?: GraphQLErrorEntry[] };
    if (Array.isArray(errors) && errors.length > 0)
      return new GuazhiError(errors, null, response.status, response.headers.get('x-request-id'));
  } catch {
    // not JSON: below
  }
  return GuazhiError.network(`HTTP ${response.status}: ${what} failed`, response.status);
}
