import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';

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
  /** HTTP 400: Guazhi serves no subscriptions (yet). */
  SUBSCRIPTIONS_NOT_SUPPORTED = 'SUBSCRIPTIONS_NOT_SUPPORTED',
  /** Signed in with a one-time password: only changeMyPassword (and me, logout) until changed. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
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

export function unauthenticated(message = 'Sign in first'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message = 'Not allowed for your role'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/** HTTP 403: the caller is known, and must choose their own password before anything else. */
export function passwordChangeRequired(): GraphQLError {
  return new GraphQLError(
    'Choose your own password first (changeMyPassword): you signed in with a one-time password',
    { extensions: { code: ErrorCode.PASSWORD_CHANGE_REQUIRED, http: { status: 403 } } },
  );
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: ErrorCode.NOT_FOUND } });
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

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
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

export const DATA_EXCEPTION_MESSAGE =
  'A value of the input cannot be stored or compared: check its text, dates and numbers';

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

function formatter(exposeDetails: boolean, log: (e: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;

    // A validator that threw (class-validator's IsNumber on `1e-7` did) leaves an Error where the
    // failures should be: that is a bug of ours, logged below, not the client's input.
    const given =
      original instanceof ArgumentValidationError && original.extensions.validationErrors;
    if (Array.isArray(given)) {
      const failures = given as ValidationFailure[];
      return {
        message: `Invalid input: ${validationMessages(failures).join('; ')}`,
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
        message: DATA_EXCEPTION_MESSAGE,
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
      return { ...formatted, extensions };
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
