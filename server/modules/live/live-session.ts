import type { Viewer } from '../../common/viewer';
import type { LiveHub } from './live-hub';

/** Close codes of a WebSocket connection the server ends (graphql-ws uses 4400–4499 too). */
export enum LiveCloseCode {
  /** No, a bad, an expired or a revoked credential: do not retry with it. */
  UNAUTHORIZED = 4401,
  /** The viewer's rights changed (role, unit, deactivation …): reconnect to go on with the new ones. */
  RIGHTS_CHANGED = 4403,
  /** More connections than one user or API key may hold. */
  TOO_MANY_CONNECTIONS = 4429,
}

/**
 * What a subscription's context holds beside the usual request context (server/context.ts): the
 * process's live hub and the connection it runs on, whose credentials are checked again before
 * every event.
 */
export interface LiveSession {
  hub: LiveHub;
  /**
   * The connection's viewer, its credentials verified again for this event (once per event and
   * connection, however many subscriptions it holds). Null when they no longer hold, or the
   * viewer's rights changed: the connection is then being closed, and the subscription ends.
   */
  viewerFor(eventId: number): Promise<Viewer | null>;
  /** Events a subscription may have waiting before it ends with RESYNC_REQUIRED (config). */
  readonly maxPending: number;
}

/** Whether two viewers have the same rights (the same principal in the same role and scope). */
export function sameRights(a: Viewer, b: Viewer): boolean {
  return (
    a.userId === b.userId &&
    a.apiKeyId === b.apiKeyId &&
    a.role === b.role &&
    a.unitId === b.unitId &&
    a.cadreId === b.cadreId &&
    Boolean(a.passwordChangeRequired) === Boolean(b.passwordChangeRequired)
  );
}
