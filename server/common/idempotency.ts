import { createHash } from 'node:crypto';

import type { Context, TxContext } from '../context';
import { badInput, codedError, ErrorCode } from './errors';
import type { NodeSpec, NodeTypeName } from './module';

/**
 * `Idempotency-Key` (幂等键): a client that retries a mutation after a lost answer sends the same
 * key, and the mutation takes effect once. `runMutation` keeps the key in the same transaction
 * as the effect (table `idempotency_key`), so a key is stored exactly when the effect committed:
 *
 * - the same key and the same request again: the stored result, nothing written, no audit entry;
 * - the same key while the first request still runs: CONFLICT (HTTP 409), retry later;
 * - the same key with another request body: BAD_USER_INPUT;
 * - keys belong to the principal (the user, or the API key): another's same key is another key;
 * - a mutation refused (userErrors) or failed stores nothing, so a repeat runs it again.
 *
 * An operation with several mutations stores each under the key and its position in the
 * operation; a repeat of the same request replays them all. Secrets shown once (a new API key, a
 * one-time password, a token) are not stored: a replay answers them as null. Keys expire after
 * KEY_HOURS; each stored key purges up to PURGE_BATCH expired ones.
 */
export interface Idempotency {
  /** The header's value as sent (checked when a mutation uses it). */
  key: string;
  /** SHA-256 of the request (document, operation name, variables), to tell reuse from a retry. */
  fingerprint: string;
  /** How many mutations of this request have used the key so far (shared by context copies). */
  used: { count: number };
}

export const KEY_HOURS = 24;
const PURGE_BATCH = 100;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Values a replay must not show again, whatever object holds them. */
const SECRETS = new Set(['secret', 'oneTimePassword', 'token', 'passwordHash', 'keyHash']);

/**
 * The request's idempotency, when it sent the header with a GraphQL document; other requests
 * (file imports and exports) have no body to bind a key to, so the header means nothing there.
 */
export function idempotencyOf(header: string | string[] | undefined, body: unknown) {
  const { query, operationName, variables } = (body ?? {}) as Record<string, unknown>;
  if (header === undefined || typeof query !== 'string') return null;
  const key = Array.isArray(header) ? header.join(',') : header;
  const fingerprint = createHash('sha256')
    .update(stableJson({ query, operationName, variables }))
    .digest('hex');
  return { key, fingerprint, used: { count: 0 } } satisfies Idempotency;
}

/** Who the key belongs to: the signed-in user or the API key; none for anonymous callers. */
function principalOf(ctx: Context): string | null {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  return viewer.userId !== null ? `user:${viewer.userId}` : `api-key:${viewer.apiKeyId}`;
}

/** What a mutation needs to honour a key: null when the request sent none. */
export function claimOf(ctx: Context): Claim | null {
  const idempotency = ctx.idempotency;
  const principal = principalOf(ctx);
  if (!idempotency || principal === null) return null;
  if (!KEY_PATTERN.test(idempotency.key))
    throw badInput(
      {
        en: 'Idempotency-Key must be 1–255 visible ASCII characters',
        zh: 'Idempotency-Key 须为 1–255 个可见 ASCII 字符',
      },
      'Idempotency-Key',
    );
  // Counted once per mutation, not per attempt: a retried transaction keeps its position.
  const position = idempotency.used.count++;
  return { principal, key: idempotency.key, position, fingerprint: idempotency.fingerprint };
}

export interface Claim {
  principal: string;
  key: string;
  position: number;
  fingerprint: string;
}

/**
 * In the mutation's transaction, before its work: CONFLICT while another transaction holds the
 * key, BAD_USER_INPUT for another request under it, the stored result for a repeat, or null.
 */
export async function storedResult(
  ctx: TxContext,
  claim: Claim,
): Promise<{ stored: Frozen } | null> {
  // Held until commit; a duplicate arriving meanwhile is told at once rather than queued.
  const [{ locked }] = await ctx.tx.query(
    `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`,
    [`idempotency:${claim.principal}:${claim.key}:${claim.position}`],
  );
  if (!locked) {
    throw codedError(
      {
        en: 'A request with this Idempotency-Key is still running; retry later',
        zh: '使用此 Idempotency-Key 的请求仍在处理中，请稍后重试',
      },
      { code: ErrorCode.CONFLICT, http: { status: 409 } },
    );
  }
  const [row] = await ctx.tx.query(
    `SELECT fingerprint, result FROM idempotency_key
      WHERE principal = $1 AND key = $2 AND position = $3 AND expires_at > now()`,
    [claim.principal, claim.key, claim.position],
  );
  if (!row) return null;
  if (row.fingerprint !== claim.fingerprint)
    throw badInput(
      {
        en: 'This Idempotency-Key was used for another request',
        zh: '此 Idempotency-Key 已用于另一个请求',
      },
      'Idempotency-Key',
    );
  return { stored: row.result as Frozen };
}

/** Keeps the key with the result, in the effect's transaction; purges some expired keys. */
export async function storeResult(ctx: TxContext, claim: Claim, result: unknown): Promise<void> {
  await ctx.tx.query(
    `INSERT INTO idempotency_key (principal, key, position, fingerprint, result, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
     ON CONFLICT (principal, key, position) DO UPDATE
       SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result,
           created_at = now(), expires_at = EXCLUDED.expires_at`,
    [
      claim.principal,
      claim.key,
      claim.position,
      claim.fingerprint,
      JSON.stringify(freeze(ctx, result)),
      KEY_HOURS,
    ],
  );
  await ctx.tx.query(
    `DELETE FROM idempotency_key WHERE ctid IN (
       SELECT ctid FROM idempotency_key WHERE expires_at <= now() LIMIT ${PURGE_BATCH})`,
  );
}

/** A result as stored: JSON, with records as references. */
export type Frozen =
  | null
  | string
  | number
  | boolean
  | Frozen[]
  | { $node: string; id: number }
  | { $date: string }
  | { [key: string]: Frozen };

/** The result as JSON: records by type and id (read again on replay), secrets dropped. */
function freeze(ctx: Context, value: unknown): Frozen {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map((item) => freeze(ctx, item));
  if (typeof value !== 'object') return value as Frozen;
  const type = nodeTypeOf(ctx, value);
  if (type) return { $node: type, id: (value as { id: number }).id };
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRETS.has(k) ? null : freeze(ctx, v)]),
  );
}

/**
 * The stored result as the mutation returned it, records read again through the request's loaders
 * (after the transaction: a transaction must not wait for a second connection).
 */
export async function revive(ctx: Context, value: Frozen): Promise<unknown> {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map((item) => revive(ctx, item)));
  if ('$date' in value && typeof value.$date === 'string') return new Date(value.$date);
  if ('$node' in value && typeof value.$node === 'string') {
    const loader = ctx.loaders[value.$node as NodeTypeName];
    return (await loader.load(value.id as number)) ?? null;
  }
  const entries = await Promise.all(
    Object.entries(value).map(async ([k, v]) => [k, await revive(ctx, v)] as const),
  );
  return Object.fromEntries(entries);
}

function nodeTypeOf(ctx: Context, value: object): NodeTypeName | null {
  for (const [type, spec] of Object.entries(ctx.registry.nodes) as [NodeTypeName, NodeSpec][])
    if (value instanceof spec.entity) return type;
  return null;
}

/** JSON with object keys sorted, so that the same request always gives the same fingerprint. */
function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
