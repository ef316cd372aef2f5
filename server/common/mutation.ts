import { type ClassType, Field, ObjectType } from 'type-graphql';
import { inTransaction, withTransaction, type Context, type TxContext } from '../context';
import { userError, UserError, type UserErrorCode } from './user-error';

/** An expected refusal: thrown inside a mutation's transaction, returned as a `userErrors` entry. */
export class BusinessError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly field?: string[],
  ) {
    super(message);
    this.name = 'BusinessError';
  }
}

export function refuse(code: UserErrorCode, message: string, field?: string | string[]): never {
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
 * joins that transaction: a refusal then refuses the outer mutation, which alone retries.
 */
export async function runMutation<T>(
  ctx: Context,
  work: (ctx: TxContext) => Promise<T>,
): Promise<MutationResult<T>> {
  if (inTransaction(ctx)) return { result: await work(ctx), userErrors: [] };
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await ctx.dataSource.transaction((tx) => work(withTransaction(ctx, tx)));
      // Rows and pages the request read before this write are stale now (issue #10).
      ctx.loaders.clearAll();
      return { result, userErrors: [] };
    } catch (error) {
      if (error instanceof BusinessError) {
        return { result: null, userErrors: [userError(error.code, error.message, error.field)] };
      }
      const { code, constraint } = pgError(error);
      // Constraints that protect data live in the database (STYLE rule 7); when two requests
      // race past the checks in code, the violation becomes the refusal its module declared.
      const refusal =
        REFUSED_BY_CONSTRAINT.has(code ?? '') &&
        constraint &&
        ctx.registry.constraintErrors.get(constraint);
      if (refusal) return { result: null, userErrors: [userError(refusal.code, refusal.message)] };
      if (code && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Unique (23505) and exclusion (23P01) violations, and checks a trigger raises with a constraint
 * name (23514): a record that would clash with others. Only constraints a module declared map.
 */
const REFUSED_BY_CONSTRAINT = new Set(['23505', '23P01', '23514']);

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
