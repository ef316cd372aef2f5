import type { Role } from './role';

/** The signed-in caller, as decoded from the bearer token once per request. */
export interface Viewer {
  /** The signed-in user; null for a third-party system using an API key. */
  userId: number | null;
  /** The API key the request came with, if any. */
  apiKeyId: number | null;
  username: string;
  role: Role;
  /** Unit managed (UNIT_MANAGER). */
  unitId: number | null;
  /** The viewer's own cadre record (MENTOR, CADRE). */
  cadreId: number | null;
  /**
   * Signed in with a one-time password: until it is changed, only the operations that change it
   * (and `me`, `logout`) answer; everything else is PASSWORD_CHANGE_REQUIRED.
   */
  passwordChangeRequired?: boolean;
  /** An API key made with `trustedDocumentsOnly`: it may run only trusted documents. */
  trustedDocumentsOnly?: boolean;
}
