import { Matches, type ValidationOptions } from 'class-validator';

/** Text that must say something: not empty, not only white space. */
export const NotBlank = (options: ValidationOptions = {}) =>
  Matches(/\S/, { message: '$property must not be blank', ...options });
