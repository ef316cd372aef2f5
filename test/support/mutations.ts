import { expect } from '@jest/globals';
import type { TestEnv } from './env';
import { fingerprint } from './db-state';

export interface Payload {
  userErrors: { field: string[] | null; code: string; message: string }[];
  [key: string]: unknown;
}

/** Runs a mutation whose payload is at `data[name]`; fails the test on GraphQL errors. */
export async function mutate<T extends Payload = Payload>(
  env: TestEnv,
  name: string,
  selection: string,
  inputType: string,
  input: Record<string, unknown>,
  token: string,
): Promise<T> {
  const res = await env.graphql<Record<string, T>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    token,
  );
  if (res.errors) throw new Error(`${name} failed: ${JSON.stringify(res.errors)}`);
  return res.data![name];
}

/** Asserts that `run` is refused with `code` and that no table changed. */
export async function expectRefused(
  env: TestEnv,
  code: string,
  run: () => Promise<Payload>,
): Promise<Payload> {
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
