import { type ClassType, Field, ObjectType } from 'type-graphql';
import { inTransaction, withTransaction, type Context, type TxContext } from '../context';
import { claimOf, revive, storedResult, storeResult, type Claim, type Frozen } from './idempotency';
import type { Text } from './text';
import { userError, UserError, type UserErrorCode } from './user-error';

/** An expected refusal: thrown inside a mutation's transaction, returned as a `userErrors` entry. */
export class BusinessError extends Error {
  constructor(
    readonly code: UserErrorCode,
    /** The message in both languages; `message` is its English (logs, the seed's reports). */
    readonly text: Text,
    readonly field?: string[],
  ) {
    super(text.en);
    this.name = 'BusinessError';
  }
}

export function refuse(code: UserErrorCode, message: Text, field?: string | string[]): never {
  throw new BusinessError(code, message, typeof field === 'string' ? [field] : field);
}

interface PgError {
  code?: string;
  constraint?: string;
}

function pgError(error: unknown): PgError {
  const e = error as { driverError?: PgError } & PgError;
  return e?.driverError ?? e ?? {};
}

/** Serialization failures and deadlocks are safe to retry: the transaction rolled back whole. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

export interface MutationResult<T> {
  result: T | null;
  userErrors: UserError[];
}

/**
 * Runs a mutation in one transaction, handing `work` a context that carries it (`ctx.tx`). A
 * BusinessError or a known constraint violation rolls it back whole and comes back as
 * `userErrors`; anything else propagates as a GraphQL error. Called inside another mutation, it
 * joins that transaction: a refusal then refuses the outer mutation, which alone retries. With an
 * `Idempotency-Key`, the key is stored in the same transaction as the effect, and a repeat
 * returns the stored result instead (server/common/idempotency.ts).
 */
export async function runMutation<T>(
  ctx: Context,
  work: (ctx: TxContext) => Promise<T>,
): Promise<MutationResult<T>> {
  if (inTransaction(ctx)) return { result: await work(ctx), userErrors: [] };
  const claim = claimOf(ctx);
  for (let attempt = 1; ; attempt++) {
    try {
      // Writes go to the primary even from a context that reads from a replica.
      const primary = ctx.readReplicas?.primary ?? ctx.dataSource;
      const outcome = await primary.transaction((tx) =>
        once(withTransaction(ctx, tx), claim, work),
      );
      // Rows and pages the request read before this write are stale now (issue #10), and the
      // viewer's next reads must not come from a replica that has not replayed it yet.
      ctx.loaders.clearAll();
      // So are the users' rows this instance keeps for bearer tokens, if the write changed one
      // (a logout, a deactivation): from the next request on, not when the notification comes.
      ctx.auth.forgetViewers();
      await ctx.readReplicas?.noteWrite(ctx.viewer);
      const result =
        'stored' in outcome ? ((await revive(ctx, outcome.stored)) as T) : outcome.result;
      return { result, userErrors: [] };
    } catch (error) {
      if (error instanceof BusinessError) {
        return { result: null, userErrors: [userError(error.code, error.text, error.field)] };
      }
      // Constraints that protect data live in the database (STYLE rule 7); when two requests
      // race past the checks in code, the violation becomes the refusal its module declared.
      const refusal = declaredRefusal(ctx.registry, error);
      if (refusal) return { result: null, userErrors: [refusal] };
      const { code } = pgError(error);
      if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** The work, or, for a key already used, what it stored; the key is kept with the effect. */
async function once<T>(
  ctx: TxContext,
  claim: Claim | null,
  work: (ctx: TxContext) => Promise<T>,
): Promise<{ result: T } | { stored: Frozen }> {
  const stored = claim && (await storedResult(ctx, claim));
  if (stored) return stored;
  const result = await work(ctx);
  if (claim) await storeResult(ctx, claim, result);
  return { result };
}

/**
 * Unique (23505) and exclusion (23P01) violations, and checks a trigger raises with a constraint
 * name (23514): a record that would clash with others. Only constraints a module declared map.
 */
const REFUSED_BY_CONSTRAINT = new Set(['23505', '23P01', '23514']);

/**
 * The refusal a module declared for the constraint a database error names, as a userError on
 * the constraint's field; null for any other error. Mutations and imports answer races alike.
 */
export function declaredRefusal(
  registry: Pick<Context['registry'], 'constraintErrors'>,
  error: unknown,
): UserError | null {
  const { code, constraint } = pgError(error);
  const refusal =
    REFUSED_BY_CONSTRAINT.has(code ?? '') &&
    constraint &&
    registry.constraintErrors.get(constraint);
  if (!refusal) return null;
  const field = refusal.field === undefined ? undefined : [refusal.field];
  return userError(refusal.code, refusal.message, field);
}

/** Builds `XPayload { <field>: X, userErrors }`, the shape every mutation returns (DESIGN §5). */
export function payloadType<T extends object>(nodeType: ClassType<T>, field: string, name: string) {
  @ObjectType(`${name}Payload`, { description: `Result of a mutation on a ${name}.` })
  class Payload {
    @Field(() => nodeType, {
      nullable: true,
      name: field,
      description: `The ${name} after the change; null when refused.`,
    })
    node!: T | null;

    @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
    userErrors!: UserError[];

    static from(result: MutationResult<T>): Payload {
      const payload = new Payload();
      payload.node = result.result;
      payload.userErrors = result.userErrors;
      return payload;
    }
  }
  return Payload;
}
