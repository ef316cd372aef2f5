import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './errors';

/**
 * Turns an operation that failed because PostgreSQL was unreachable into HTTP 503 with
 * `Retry-After` (the error formatter has already made each such error SERVICE_UNAVAILABLE).
 * Errors raised before execution carry the status themselves (`serviceUnavailable()`).
 */
export function outagePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          const outage = errors?.some(
            (e) =>
              e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE ||
              isDatabaseUnavailable(unwrapResolverError(e)),
          );
          if (!outage) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
