import type { ValueTransformer } from 'typeorm';

/** node-pg returns NUMERIC as a string to keep precision; scores fit a double. */
export const numeric: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
