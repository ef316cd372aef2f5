import {
  Ctx,
  Field,
  FieldResolver,
  ObjectType,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { localize, type Locale, type Text } from './text';

declare const userErrorCode: unique symbol;

/**
 * A machine-readable reason for refusing a mutation. Only `defineUserErrorCodes` makes one, so a
 * typo or an undeclared code does not compile.
 */
export type UserErrorCode = string & { readonly [userErrorCode]: true };

/** Codes by name, as `defineUserErrorCodes` returns them: `PostingErrorCode.SAME_UNIT`. */
export type UserErrorCodes<K extends string = string> = { readonly [P in K]: UserErrorCode };

const descriptions = new WeakMap<UserErrorCodes, Record<string, string>>();

/**
 * Declares a module's codes with their descriptions (GraphiQL shows them). Every module's set is
 * listed in its manifest; the GraphQL enum `UserErrorCode` is the union of all of them.
 */
export function defineUserErrorCodes<const K extends string>(
  described: Record<K, string>,
): UserErrorCodes<K> {
  const codes = Object.freeze(
    Object.fromEntries(Object.keys(described).map((name) => [name, name])),
  ) as UserErrorCodes<K>;
  descriptions.set(codes, { ...described });
  return codes;
}

/** Codes any module may use: they name no concept of their own. */
export const CommonErrorCode = defineUserErrorCodes({
  INVALID_VALUE: 'A value is out of its allowed range or format.',
  STALE_VERSION: 'The record changed since it was read; reload and retry (CONFLICT).',
  INVALID_TRANSITION: 'The record is not in a state that allows this step.',
  INVALID_DATES: 'Dates are out of order or outside the allowed range.',
});

/** The values of the GraphQL enum, filled once by `registerUserErrorCodes` before the schema is built. */
const userErrorCodeEnum: Record<string, string> = {};

/**
 * Registers the union of every module's codes as the GraphQL enum `UserErrorCode`. A code declared
 * by two modules is a start-up error: two meanings for one code would mislead every client.
 */
export function registerUserErrorCodes(sets: readonly UserErrorCodes[]): void {
  if (Object.keys(userErrorCodeEnum).length > 0) return;
  const valuesConfig: Record<string, { description: string }> = {};
  for (const set of [CommonErrorCode, ...sets]) {
    const described = descriptions.get(set);
    if (!described) throw new Error('User error codes must come from defineUserErrorCodes');
    for (const [name, description] of Object.entries(described)) {
      if (name in userErrorCodeEnum) throw new Error(`User error code ${name} is declared twice`);
      userErrorCodeEnum[name] = name;
      valuesConfig[name] = { description };
    }
  }
  registerEnumType(userErrorCodeEnum, {
    name: 'UserErrorCode',
    description:
      'Why a mutation refused its input. The database is unchanged whenever one is returned.',
    valuesConfig,
  });
}

@ObjectType({ description: 'An expected failure of a mutation, tied to an input field.' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path of the input field at fault, if any.',
  })
  field!: string[] | null;

  @Field(() => userErrorCodeEnum, { description: 'Machine-readable reason.' })
  code!: UserErrorCode;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;

  /** The explanation in both languages; `message` above is its English, for logs and tools. */
  text!: Text;
}

export function userError(code: UserErrorCode, message: Text, field?: string[]): UserError {
  return { code, message: message.en, text: message, field: field ?? null };
}

/**
 * A userError's `message` in the request's language (`Accept-Language`, `ctx.locale`): refusals
 * are written in both languages wherever they are raised, and chosen from only here, when one
 * reaches the client. Its code and field never change with the language.
 */
@Resolver(() => UserError)
export class UserErrorResolver {
  @FieldResolver(() => String, { description: 'Human-readable explanation.' })
  message(@Root() error: UserError, @Ctx() ctx: { locale: Locale }): string {
    return localize(error.text, ctx.locale);
  }
}
