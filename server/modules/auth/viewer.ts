import { Role } from './role';

/** The signed-in caller, as decoded from the bearer token once per request. */
export interface Viewer {
  userId: number;
  username: string;
  role: Role;
  /** Unit managed (UNIT_MANAGER). */
  unitId: number | null;
  /** The viewer's own cadre record (MENTOR, CADRE). */
  cadreId: number | null;
}
