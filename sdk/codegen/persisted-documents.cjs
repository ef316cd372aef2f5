// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file */
/**
 * Trusted documents (persisted documents, 可信文档): GraphQL Code Generator plugins, local to this
 * repo, that give every SDK operation a stable id and write the manifest the server allows.
 *
 *   part: documents  typed-document-node's output, each operation's TypedDocumentString given
 *                    `__meta__: { hash: "sha256:<hex>" }` (the id, kept beside its document, so a
 *                    page that imports three operations ships three ids, not the manifest);
 *   part: manifest   sdk/persisted-documents.json: { "sha256:<hex>": "<document>" }, the format of
 *                    GraphQL Code Generator's client preset (`persistedDocuments`), which GraphQL
 *                    Hive's app deployments also take.
 *
 * The id is the GraphQL-over-HTTP "prefixed document identifier" (Appendix A, Persisted
 * Documents): `sha256:` and the SHA-256 of the UTF-8 text, the exact text the SDK sends when it
 * sends text. Unlike the client preset, which hashes a reprint, the manifest text is the SDK's own,
 * so the server may also accept that text sent as is (Apollo Router's safelist does the same).
 * Both parts take their texts from one run of typed-document-node, so they cannot disagree.
 */
const { createHash } = require('crypto');
const typedDocumentNode = require('@graphql-codegen/typed-document-node');

/** An operation document as typed-document-node writes it: no metadata argument (fragments have one). */
const OPERATION =
  /(\bnew TypedDocumentString\(`)([^`]*)(`)(\) as unknown as TypedDocumentString<)/g;

/** The document id of a text (GraphQL-over-HTTP: `sha256:` and the lower-case hex digest). */
function documentId(text) {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/**
 * The runtime value of the template literal typed-document-node wrote. It escapes only
 * backslashes (doubled); anything else a template literal would interpret is refused here rather
 * than hashed wrongly.
 * @param {string} literal
 */
function templateValue(literal) {
  if (/\$\{/.test(literal) || /\\(?!\\)/.test(literal.replace(/\\\\/g, '')))
    throw new Error(`persisted documents: cannot read the document text ${literal.slice(0, 80)}…`);
  return literal.replace(/\\\\/g, '\\');
}

/**
 * typed-document-node's output for these documents, and each operation's text and id.
 * @param {Parameters<import('@graphql-codegen/plugin-helpers').PluginFunction>} args
 */
async function hashedDocuments(...args) {
  const output = await typedDocumentNode.plugin(...args);
  if (typeof output === 'string') throw new Error('persisted documents: unexpected plugin output');
  /** @type {Map<string, string>} id → text */
  const manifest = new Map();
  const content = (output.content ?? '').replace(OPERATION, (_all, open, literal, close, rest) => {
    const text = templateValue(literal);
    const id = documentId(text);
    manifest.set(id, text);
    return `${open}${literal}${close}, ${JSON.stringify({ hash: id })}${rest}`;
  });
  return { output: { ...output, content }, manifest };
}

/**
 * @type {import('@graphql-codegen/plugin-helpers').PluginFunction<{ part?: 'documents' | 'manifest' }>}
 */
const plugin = async (schema, documents, config, info) => {
  if (config.documentMode !== 'string')
    throw new Error('persisted documents: set documentMode: string (the SDK sends the text)');
  const { output, manifest } = await hashedDocuments(schema, documents, config, info);
  if (config.part === 'manifest')
    return `${JSON.stringify(Object.fromEntries(manifest), null, 2)}\n`;
  return output;
};

module.exports = { plugin, documentId };
