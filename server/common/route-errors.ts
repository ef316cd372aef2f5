import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import {
  DATA_EXCEPTION_MESSAGE,
  ErrorCode,
  isDataException,
  isDatabaseUnavailable,
  localizedMessage,
  RETRY_AFTER_SECONDS,
  unavailableBody,
} from './errors';
import { localize, negotiateLocale } from './text';

/** HTTP statuses of the GraphQL error codes a module's route may answer before its first byte. */
const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

/** An error answer shaped like GraphQL's, so SDK clients read routes and GraphQL alike. */
export function sendJsonError(
  res: Response,
  status: number,
  message: string,
  extensions: Record<string, unknown>,
): void {
  res
    .status(status)
    .json({ errors: [{ message, extensions: { ...extensions, requestId: res.req.id } }] });
}

/** An error before the first byte, shaped like GraphQL's; anything unexpected is logged only. */
export function sendRouteError(
  res: Response,
  error: unknown,
  logError: (error: unknown) => void,
): void {
  if (isDataException(error)) {
    sendJsonError(res, 400, localize(DATA_EXCEPTION_MESSAGE, negotiateLocale(res.req)), {
      code: ErrorCode.BAD_USER_INPUT,
    });
    return;
  }
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  if (code === ErrorCode.SERVICE_UNAVAILABLE || isDatabaseUnavailable(error)) {
    res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json(unavailableBody());
    return;
  }
  const status = typeof code === 'string' ? STATUS[code] : undefined;
  if (!status || !(error instanceof GraphQLError)) {
    logError(error);
    sendJsonError(res, 500, 'Internal server error', { code: ErrorCode.INTERNAL_SERVER_ERROR });
    return;
  }
  // `http` tells Apollo the status; here it is the status itself.
  const { http: _http, ...extensions } = error.extensions;
  sendJsonError(res, status, localizedMessage(error, negotiateLocale(res.req)), extensions);
}
