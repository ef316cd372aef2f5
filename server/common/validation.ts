import { Matches, type ValidationOptions } from 'class-validator';
import { refuse } from './mutation';
import { CommonErrorCode, type UserErrorCode } from './user-error';

/** Text that must say something: not empty, not only white space. */
export const NotBlank = (options: ValidationOptions = {}) =>
  Matches(/\S/, { message: '$property must not be blank', ...options });

/**
 * One problem of one field, as a mutation refuses it (`userErrors`) and as an import lists it for
 * a row: the same rules produce both, so a file row and a mutation input are judged alike.
 */
export interface FieldProblem {
  /** The input field (the property name), e.g. `idNumber`. */
  field: string;
  code: UserErrorCode;
  message: string;
}

/** A lone UTF-16 surrogate: PostgreSQL refuses it in text and jsonb (PITFALLS). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks free text before it reaches SQL: no U+0000 (PostgreSQL rejects it), no lone surrogates,
 * at most `max` characters and, unless `optional`, not blank. Returns the problem or null.
 */
export function textProblem(
  field: string,
  value: string,
  { max, optional = false }: { max: number; optional?: boolean },
): FieldProblem | null {
  const invalid = (message: string) => ({ field, code: CommonErrorCode.INVALID_VALUE, message });
  if (value.includes('\u0000') || LONE_SURROGATE.test(value)) {
    return invalid(
      `${field} contains a character that cannot be stored (U+0000 or a lone surrogate)`,
    );
  }
  if ([...value].length > max) return invalid(`${field} is longer than ${max} characters`);
  if (!optional && value.trim() === '') return invalid(`${field} must not be blank`);
  return null;
}

/** Refuses a mutation with the first of its input's problems (all of them go to an import). */
export function refuseProblems(problems: readonly (FieldProblem | null)[]): void {
  const first = problems.find((p) => p !== null);
  if (first) refuse(first.code, first.message, first.field);
}
