/** One entry of a GraphQL response's `errors` array, as the Guazhi server sends it. */
export interface GraphQLErrorEntry {
  message: string;
  /** Path of the field that failed, e.g. `['postings', 'edges', 0, 'node', 'cadre']`. */
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * `extensions.code` values of the Guazhi API (DESIGN §5), plus `NETWORK_ERROR`, which the SDK itself
 * uses when no GraphQL response arrived (fetch failed, or the body was not a GraphQL JSON response).
 */
export type GuazhiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TRUSTED_DOCUMENT_REQUIRED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'NETWORK_ERROR';

/**
 * Thrown by the client's operation methods and `request` when the response carries errors, and by
 * every call when no GraphQL response arrived (`code === 'NETWORK_ERROR'`).
 */
export class GuazhiError<TData = unknown> extends Error {
  /** The GraphQL errors; never empty. */
  readonly errors: GraphQLErrorEntry[];
  /** Partial data sent with the errors (fields that failed are null), or null. */
  readonly data: TData | null;
  /** HTTP status of the response, or null when the request never got one. */
  readonly status: number | null;
  /**
   * The server's id of the request (its log lines carry it): `extensions.requestId` of the errors,
   * else the `X-Request-Id` response header; null when no answer came. Quote it in bug reports.
   */
  readonly requestId: string | null;

  constructor(
    errors: GraphQLErrorEntry[],
    data: TData | null,
    status: number | null,
    requestId?: string | null,
  ) {
    super(errors.map((e) => e.message).join('; ') || 'GraphQL request failed');
    this.name = 'GuazhiError';
    this.errors = errors;
    this.data = data;
    this.status = status;
    const fromErrors = errors.find((e) => typeof e.extensions?.requestId === 'string')?.extensions
      ?.requestId as string | undefined;
    this.requestId = fromErrors ?? requestId ?? null;
  }

  /** `extensions.code` of the first error (INTERNAL_SERVER_ERROR when it has none). */
  get code(): GuazhiErrorCode | (string & {}) {
    return this.errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  }

  /**
   * `path` of the first error that has one: the field that failed, e.g.
   * `['posting', 'cadre']`; null for errors of the request as a whole (validation, auth).
   */
  get path(): ReadonlyArray<string | number> | null {
    return this.errors.find((e) => e.path)?.path ?? null;
  }

  /** Whether any of the errors has this `extensions.code`. */
  hasCode(code: GuazhiErrorCode | (string & {})): boolean {
    return this.errors.some((e) => e.extensions?.code === code);
  }

  /** The error of a response with errors, or without data (then INTERNAL_SERVER_ERROR). */
  static of<TData>(response: {
    data: TData | null;
    errors: GraphQLErrorEntry[];
    status: number;
    requestId: string | null;
  }): GuazhiError<TData> {
    const errors: GraphQLErrorEntry[] =
      response.errors.length > 0
        ? response.errors
        : [{ message: 'Response has no data', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
    return new GuazhiError(errors, response.data, response.status, response.requestId);
  }

  /** A transport failure: fetch rejected, or the body was not a GraphQL response. */
  static network(message: string, status: number | null, cause?: unknown): GuazhiError<never> {
    const error = new GuazhiError<never>(
      [{ message, extensions: { code: 'NETWORK_ERROR' } }],
      null,
      status,
    );
    if (cause !== undefined)
      Object.defineProperty(error, 'cause', { value: cause, configurable: true });
    return error;
  }
}

/** Whether `value` is a GuazhiError (also across bundles, where `instanceof` may fail). */
export function isGuazhiError(value: unknown): value is GuazhiError {
  return (
    value instanceof GuazhiError ||
    (value instanceof Error &&
      value.name === 'GuazhiError' &&
      Array.isArray((value as GuazhiError).errors))
  );
}
