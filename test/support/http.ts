import type { GraphQLResponse, TestEnv, TypedDocument } from './env';

/** What `postWith` answers: the GraphQL body, the HTTP status and the response headers. */
export type HttpAnswer<T> = GraphQLResponse<T> & { headers: Headers };

/**
 * Posts a generated document with headers of the test's choosing (`X-Forwarded-For` behind a
 * trusted proxy, `Idempotency-Key`), which `env.graphql` does not send.
 */
export async function postWith<TResult, TVariables>(
  env: TestEnv,
  document: TypedDocument<TResult, TVariables>,
  variables: TVariables,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<TResult>> {
  const res = await fetch(env.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<TResult>, 'status'>;
  return { status: res.status, headers: res.headers, ...body } as HttpAnswer<TResult>;
}
