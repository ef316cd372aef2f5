import { expect } from '@jest/globals';
import type { TestEnv, TypedDocument } from './env';
import { fingerprint } from './db-state';

export interface Payload {
  userErrors: { field: string[] | null; code: string; message: string }[];
}

/**
 * Runs a mutation document with one root field taking `input`, and returns that field's payload;
 * fails the test on GraphQL errors.
 */
export async function mutate<TResult extends Record<string, Payload>, TInput>(
  env: TestEnv,
  document: TypedDocument<TResult, { input: TInput }>,
  input: TInput,
  token: string,
): Promise<TResult[keyof TResult]> {
  const res = await env.graphql(document, { input }, token);
  if (res.errors || !res.data)
    throw new Error(
      `${String(document).trim().split('\n')[0]} failed: ${JSON.stringify(res.errors)}`,
    );
  const payloads = Object.values(res.data) as TResult[keyof TResult][];
  if (payloads.length !== 1) throw new Error('mutate takes a document with one root field');
  return payloads[0];
}

/** Asserts that `run` is refused with `code` and that no table changed. */
export async function expectRefused<P extends Payload>(
  env: TestEnv,
  code: string,
  run: () => Promise<P>,
): Promise<P> {
  const before = await fingerprint(env.dataSource);
  const payload = await run();
  expect(payload.userErrors.map((e) => e.code)).toEqual([code]);
  expect(await fingerprint(env.dataSource)).toEqual(before);
  return payload;
}

/** Asserts that `run` fails with a GraphQL error `code` and that no table changed. */
export async function expectDenied(
  env: TestEnv,
  code: string,
  run: () => Promise<{ errors?: { extensions?: { code?: string } }[] }>,
): Promise<void> {
  const before = await fingerprint(env.dataSource);
  const res = await run();
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(await fingerprint(env.dataSource)).toEqual(before);
}
