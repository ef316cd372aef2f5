import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Expected business failures, returned in a mutation payload's `userErrors` (DESIGN §5). */
export enum UserErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  INVALID_VALUE = 'INVALID_VALUE',
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation refused its input.',
  valuesConfig: {
    INVALID_CREDENTIALS: { description: 'Unknown username or wrong password.' },
    INVALID_VALUE: { description: 'A value is out of its allowed range or format.' },
    STALE_VERSION: {
      description: 'The record changed since it was read; reload and retry (CONFLICT).',
    },
  },
});

@ObjectType({ description: 'An expected failure of a mutation, tied to an input field.' })
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: 'Path of the input field at fault, if any.',
  })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'Machine-readable reason.' })
  code!: UserErrorCode;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;
}

export function userError(code: UserErrorCode, message: string, field?: string[]): UserError {
  return { code, message, field: field ?? null };
}
