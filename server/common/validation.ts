import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { refuse } from './mutation';
import { currentLocale } from './logging/request-log';
import { localize, type Text } from './text';
import { CommonErrorCode, type UserErrorCode } from './user-error';

/** Text that must say something: not empty, not only white space. */
export const NotBlank = (options: ValidationOptions = {}) =>
  Matches(/\S/, {
    message: ({ property }) =>
      inRequestLocale({ en: `${property} must not be blank`, zh: `${property} 不能为空` }),
    ...options,
  });

/**
 * A class-validator message in the request's language: validation runs inside the request, whose
 * locale the request log holds (`currentLocale`); the formatter puts these after "Invalid input".
 */
export function inRequestLocale(text: Text): string {
  return localize(text, currentLocale());
}

/**
 * A finite number with at most `places` decimals. Not class-validator's `IsNumber({ maxDecimalPlaces })`:
 * it splits the number's text on '.', so `1e-7` makes it throw a TypeError (an internal error).
 */
export const Decimal = (places: number, options: ValidationOptions = {}) =>
  ValidateBy(
    {
      name: 'decimal',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' &&
          Number.isFinite(value) &&
          Number(value.toFixed(places)) === value,
        defaultMessage: (args) =>
          inRequestLocale({
            en: `${args?.property} must be a number with at most ${places} decimals`,
            zh: `${args?.property} 须为最多 ${places} 位小数的数字`,
          }),
      },
    },
    options,
  );

/**
 * One problem of one field, as a mutation refuses it (`userErrors`) and as an import lists it for
 * a row: the same rules produce both, so a file row and a mutation input are judged alike.
 */
export interface FieldProblem {
  /** The input field (the property name), e.g. `idNumber`. */
  field: string;
  code: UserErrorCode;
  message: Text;
}

/** A lone UTF-16 surrogate: PostgreSQL refuses it in text and jsonb (PITFALLS). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a string holds that no PostgreSQL text column can: U+0000 or a lone UTF-16 surrogate. */
export function hasUnstorableCharacter(value: string): boolean {
  return value.includes('\u0000') || LONE_SURROGATE.test(value);
}

export const UNSTORABLE_MESSAGE: Text = {
  en: 'contains a character that cannot be stored (U+0000 or a lone surrogate)',
  zh: '含有无法保存的字符（U+0000 或孤立的代理项）',
};

/**
 * Checks free text before it reaches SQL: no U+0000 (PostgreSQL rejects it), no lone surrogates,
 * at most `max` characters and, unless `optional`, not blank. Returns the problem or null.
 */
export function textProblem(
  field: string,
  value: string,
  { max, optional = false }: { max: number; optional?: boolean },
): FieldProblem | null {
  const invalid = (message: Text) => ({ field, code: CommonErrorCode.INVALID_VALUE, message });
  if (hasUnstorableCharacter(value))
    return invalid({
      en: `${field} ${UNSTORABLE_MESSAGE.en}`,
      zh: `${field} ${UNSTORABLE_MESSAGE.zh}`,
    });
  if ([...value].length > max)
    return invalid({
      en: `${field} is longer than ${max} characters`,
      zh: `${field} 超过 ${max} 个字符`,
    });
  if (!optional && value.trim() === '')
    return invalid({ en: `${field} must not be blank`, zh: `${field} 不能为空` });
  return null;
}

/** Refuses a mutation with the first of its input's problems (all of them go to an import). */
export function refuseProblems(problems: readonly (FieldProblem | null)[]): void {
  const first = problems.find((p) => p !== null);
  if (first) refuse(first.code, first.message, first.field);
}
