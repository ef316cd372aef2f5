import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { currentLocale, currentRequest } from './logging/request-log';
import { localize, type Locale, type Text } from './text';

/** The only codes a client ever sees in `extensions.code` (DESIGN §5). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** HTTP 400: the document exceeds a bound checked before validation (server/common/cost). */
  DOCUMENT_TOO_COMPLEX = 'DOCUMENT_TOO_COMPLEX',
  /** HTTP 400: the operation's cost, variables known, exceeds the role's budget per request. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** HTTP 400: a subscription sent over HTTP; they are served over WebSocket on the same path. */
  SUBSCRIPTIONS_NOT_SUPPORTED = 'SUBSCRIPTIONS_NOT_SUPPORTED',
  /** Signed in with a one-time password: only changeMyPassword (and me, logout) until changed. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** A subscription fell behind: subscribe again with `afterEventId` (in extensions) to lose nothing. */
  RESYNC_REQUIRED = 'RESYNC_REQUIRED',
  /**
   * HTTP 403: the viewer may run only trusted documents (GUAZHI_TRUSTED_DOCUMENTS_ONLY) and sent
   * another text; send a manifest document's `documentId`.
   */
  TRUSTED_DOCUMENT_REQUIRED = 'TRUSTED_DOCUMENT_REQUIRED',
  /** HTTP 503: the database is unreachable or the server is stopping; retry after `retryAfter` s. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Codes that Apollo itself raises for bad documents; they pass through as they are. */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const CLIENT_CODES = new Set<string>([...Object.values(ErrorCode), ...APOLLO_CODES]);

/** The bilingual message of each coded error, read by the formatter (`localizedMessage`). */
const TEXTS = new WeakMap<GraphQLError, Text>();

/**
 * A GraphQL error whose message is `text`: English in `message` (logs), the request's language
 * for the client (`createErrorFormatter`, `sendRouteError`). The code never depends on the language.
 */
export function codedError(text: Text, extensions: GraphQLErrorExtensions): GraphQLError {
  const error = new GraphQLError(text.en, { extensions });
  TEXTS.set(error, text);
  return error;
}

/** The error's message in `locale`: its own Text if it was made with one, else as it is. */
export function localizedMessage(error: GraphQLError, locale: Locale): string {
  const text = TEXTS.get(error);
  return text ? localize(text, locale) : error.message;
}

export function unauthenticated(
  message: Text = { en: 'Sign in first', zh: '请先登录' },
): GraphQLError {
  return codedError(message, { code: ErrorCode.UNAUTHENTICATED });
}

/** The same error with other extensions (an HTTP status added where it is answered). */
export function recoded(error: GraphQLError, extensions: GraphQLErrorExtensions): GraphQLError {
  const text = TEXTS.get(error);
  return text ? codedError(text, extensions) : new GraphQLError(error.message, { extensions });
}

export function forbidden(
  message: Text = { en: 'Not allowed for your role', zh: '您的角色无权执行此操作' },
): GraphQLError {
  return codedError(message, { code: ErrorCode.FORBIDDEN });
}

/** HTTP 403: the caller is known, and must choose their own password before anything else. */
export function passwordChangeRequired(): GraphQLError {
  return codedError(
    {
      en: 'Choose your own password first (changeMyPassword): you signed in with a one-time password',
      zh: '您使用一次性密码登录，请先设置自己的密码（changeMyPassword）',
    },
    { code: ErrorCode.PASSWORD_CHANGE_REQUIRED, http: { status: 403 } },
  );
}

/** `what` names the record: its GraphQL type (`Posting`) or a route's file. */
export function notFound(what: string): GraphQLError {
  return codedError(
    { en: `${what} not found`, zh: `未找到：${what}` },
    { code: ErrorCode.NOT_FOUND },
  );
}

/**
 * Turns a NOT_FOUND raised while reaching a record through another (its posting, its round) into
 * `what` not found: naming the other record would tell that the one asked for exists.
 */
export function asNotFound(what: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND)
      throw notFound(what);
    throw error;
  };
}

export function badInput(message: Text, field?: string): GraphQLError {
  return codedError(message, { code: ErrorCode.BAD_USER_INPUT, field });
}

// --- Database outage: one classification for GraphQL, routes, /healthz and start-up -------------

/** Seconds a client should wait before retrying a SERVICE_UNAVAILABLE answer (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up, recovering), 53300 too many connections, and
 * class 08 (connection exceptions).
 */
const UNAVAILABLE_SQLSTATE = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;
/** Socket errors of a connection that failed or broke. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** TypeORM's errors for a statement on a transaction whose connection it has let go. */
const RELEASED_RUNNER = /^QueryRunner(Provider)?AlreadyReleasedError$/;
/** node-postgres reports a lost or timed-out connection by message only. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end/i;

/**
 * Whether `error` (or what it wraps: TypeORM's driverError, a cause, an aggregate's errors) says
 * that PostgreSQL cannot be reached right now, as opposed to a fault in the request or the code.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !error || typeof error !== 'object') return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    originalError?: unknown;
    thrownValue?: unknown;
    errors?: unknown;
  };
  if (
    typeof e.code === 'string' &&
    (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_ERRNO.has(e.code))
  )
    return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // TypeORM marks a transaction's query runner released when its connection fails between two
  // statements (PostgreSQL restarting); the next statement then throws this instead of the cause.
  if (RELEASED_RUNNER.test(String((error as Error).name))) return true;
  const inner = [
    e.driverError,
    e.cause,
    e.originalError,
    // graphql-js wraps a thrown non-Error (an error object of another realm) as NonErrorThrown.
    e.thrownValue,
    ...(Array.isArray(e.errors) ? e.errors : []),
  ];
  return inner.some((i) => i !== error && isDatabaseUnavailable(i, depth + 1));
}

/** What a client reads during an outage: no host, no driver message; safe to retry. */
const UNAVAILABLE_TEXT: Text = {
  en: 'Service temporarily unavailable: retry shortly',
  zh: '服务暂时不可用，请稍后重试',
};
export const unavailableExtensions = () => ({
  code: ErrorCode.SERVICE_UNAVAILABLE,
  retryable: true,
  retryAfter: RETRY_AFTER_SECONDS,
});

/** HTTP 503 with `Retry-After`, for errors raised before execution (context creation). */
export function serviceUnavailable(): GraphQLError {
  const headers = new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]);
  return codedError(UNAVAILABLE_TEXT, {
    ...unavailableExtensions(),
    http: { status: 503, headers },
  });
}

/** The GraphQL-shaped body of a 503 (routes, /healthz, a draining server). */
export function unavailableBody() {
  return {
    errors: [
      {
        message: localize(UNAVAILABLE_TEXT, currentLocale()),
        extensions: { ...unavailableExtensions(), requestId: currentRequest()?.requestId },
      },
    ],
  };
}

/** Narrowed view of a class-validator failure, without the submitted values. */
interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function validationMessages(failures: ValidationFailure[], prefix = ''): string[] {
  return failures.flatMap((f) => [
    ...Object.values(f.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m)),
    ...validationMessages(f.children ?? [], prefix ? `${prefix}.${f.property}` : f.property),
  ]);
}

export const DATA_EXCEPTION_MESSAGE: Text = {
  en: 'A value of the input cannot be stored or compared: check its text, dates and numbers',
  zh: '输入中有无法保存或比较的值，请检查其中的文字、日期和数字',
};

/** PostgreSQL's class 22, data exception: a value the database cannot take or compare (PITFALLS). */
export function isDataException(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Apollo passes a resolver's raw Error.message through (PITFALLS): only GraphQLErrors with a
 * known code reach the client; a value PostgreSQL refuses (class 22) is BAD_USER_INPUT without
 * its SQL; everything else becomes a bare INTERNAL_SERVER_ERROR. The formatter itself cannot
 * fail: a failure inside it is logged and answered as a bare INTERNAL_SERVER_ERROR.
 */
export function createErrorFormatter(exposeDetails: boolean, log: (e: unknown) => void) {
  const format = formatter(exposeDetails, log);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      return format(formatted, error);
    } catch (failure) {
      try {
        log(failure);
      } catch {
        // Nothing left to tell: the client still gets a coded answer.
      }
      return {
        message: 'Internal server error',
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    }
  };
}

const INVALID_INPUT: Text = { en: 'Invalid input', zh: '输入无效' };

function formatter(exposeDetails: boolean, log: (e: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const locale = currentLocale();

    // An outage is no fault of the request: 503 (set by the outage plugin), never the driver's text.
    if (code !== ErrorCode.SERVICE_UNAVAILABLE && isDatabaseUnavailable(original)) {
      return {
        message: localize(UNAVAILABLE_TEXT, locale),
        locations: formatted.locations,
        path: formatted.path,
        extensions: unavailableExtensions(),
      };
    }

    // A validator that threw (class-validator's IsNumber on `1e-7` did) leaves an Error where the
    // failures should be: that is a bug of ours, logged below, not the client's input.
    const given =
      original instanceof ArgumentValidationError && original.extensions.validationErrors;
    if (Array.isArray(given)) {
      const failures = given as ValidationFailure[];
      return {
        message: localize(
          {
            en: `${INVALID_INPUT.en}: ${validationMessages(failures).join('; ')}`,
            zh: `${INVALID_INPUT.zh}：${validationMessages(failures).join('；')}`,
          },
          locale,
        ),
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: ErrorCode.BAD_USER_INPUT,
          fields: failures.map((f) => f.property),
        },
      };
    }

    if (isDataException(original)) {
      return {
        message: localize(DATA_EXCEPTION_MESSAGE, locale),
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }

    const passThrough =
      typeof code === 'string' &&
      CLIENT_CODES.has(code) &&
      code !== ErrorCode.INTERNAL_SERVER_ERROR &&
      (original instanceof GraphQLError || APOLLO_CODES.has(code));
    if (passThrough) {
      // An expected error's stack says nothing to the client, even in development.
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      const message =
        original instanceof GraphQLError ? localizedMessage(original, locale) : formatted.message;
      return { ...formatted, message, extensions };
    }

    log(original);
    return {
      message:
        exposeDetails && original instanceof Error ? original.message : 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(exposeDetails && original instanceof Error
          ? { stacktrace: original.stack?.split('\n') }
          : {}),
      },
    };
  };
}

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Every error names its request (`extensions.requestId`), so a client's report finds the log line. */
export function withRequestId(format: Formatter): Formatter {
  return (formatted, error) => {
    const result = format(formatted, error);
    const requestId = currentRequest()?.requestId;
    return requestId ? { ...result, extensions: { ...result.extensions, requestId } } : result;
  };
}
