import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GRAPHIQL_DOCUMENTS } from '../../graphiql/documents';
import { projectRoot } from '../project-root';
import { StartupError } from '../startup-error';

/** The SDK's manifest, written by `npm run codegen` (sdk/codegen/persisted-documents.cjs). */
export const SDK_MANIFEST = path.join(projectRoot(), 'sdk', 'persisted-documents.json');

/** The GraphQL-over-HTTP document id of a text: `sha256:` and its SHA-256 in lower-case hex. */
export function documentIdOf(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

const SHA256_ID = /^sha256:[0-9a-f]{64}$/;
const BARE_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * The documents the server trusts (可信文档): id → text, from the SDK's manifest and the ones
 * `GUAZHI_TRUSTED_DOCUMENTS` names. Read once at start; nothing adds to it while running (APQ
 * stays off: a client can never register a document).
 */
export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  /** The SHA-256 ids of every trusted text, whatever id its manifest gave it. */
  private readonly textIds = new Set<string>();

  /** The text of a document id: `sha256:<hex>`, a bare 64-digit hex, or a manifest's own id. */
  textOf(id: string): string | undefined {
    return (
      this.byId.get(id) ??
      (BARE_SHA256.test(id) ? this.byId.get(`sha256:${id.toLowerCase()}`) : undefined)
    );
  }

  /** Whether this exact text is a trusted document (a client that sends the text, not the id). */
  trusts(text: string): boolean {
    return this.textIds.has(documentIdOf(text));
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds one manifest's documents; `from` names it in errors. */
  add(manifest: unknown, from: string): void {
    for (const [id, text] of entriesOf(manifest, from)) {
      const hashId = documentIdOf(text);
      const key = BARE_SHA256.test(id) ? `sha256:${id.toLowerCase()}` : id;
      // A sha256 id must be the hash of its text: a wrong one would run another document.
      if (SHA256_ID.test(key) && key !== hashId)
        throw new StartupError(
          `${from}: document ${id} is not the SHA-256 of its text (${hashId})`,
        );
      const known = this.byId.get(key);
      if (known !== undefined && known !== text)
        throw new StartupError(`${from}: document ${id} is already trusted with another text`);
      this.byId.set(key, text);
      this.textIds.add(hashId);
    }
  }
}

/**
 * `{ "<id>": "<document>" }` (GraphQL Code Generator's client preset, GraphQL Hive; the SDK's
 * format), or Apollo's persisted query manifest `{ format: "apollo-persisted-query-manifest",
 * version: 1, operations: [{ id, body, … }] }`.
 */
function entriesOf(manifest: unknown, from: string): [string, string][] {
  const bad = (what: string) =>
    new StartupError(
      `${from}: ${what}; expected { "sha256:<hex>": "<document>" } or an apollo-persisted-query-manifest`,
    );
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    throw bad('not a JSON object');
  const apollo = manifest as { format?: unknown; operations?: unknown };
  if (apollo.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(apollo.operations)) throw bad('no operations list');
    return apollo.operations.map((operation: { id?: unknown; body?: unknown }) => {
      if (typeof operation?.id !== 'string' || typeof operation.body !== 'string')
        throw bad('an operation without a string id and body');
      return [operation.id, operation.body];
    });
  }
  return Object.entries(manifest).map(([id, text]) => {
    if (typeof text !== 'string' || !id) throw bad(`entry "${id}" is not a document text`);
    return [id, text];
  });
}

/**
 * The SDK's manifest, `extra` ones (GUAZHI_TRUSTED_DOCUMENTS) and GraphiQL's own documents. A file that cannot be read or
 * holds a wrong id stops the start with one line naming it (a StartupError: no stack).
 */
export function loadTrustedDocuments(extra: string[]): TrustedDocuments {
  const trusted = new TrustedDocuments();
  for (const file of [SDK_MANIFEST, ...extra]) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new StartupError(
        `trusted documents: cannot read ${file} (${reason})${file === SDK_MANIFEST ? ' — run `npm run codegen`' : ': check GUAZHI_TRUSTED_DOCUMENTS'}`,
      );
    }
    trusted.add(json, file);
  }
  // GraphiQL's own sign-in, key check and sign-out: a held viewer can still end their session.
  const own = Object.values(GRAPHIQL_DOCUMENTS);
  trusted.add(Object.fromEntries(own.map((text) => [documentIdOf(text), text])), 'GraphiQL');
  return trusted;
}
