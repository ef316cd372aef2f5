import { Role } from './role';

/** Who may call an operation; row-level rules then narrow what each caller gets. */
export const ANY_ROLE = Object.values(Role);
export const STAFF = [Role.ORG_ADMIN, Role.UNIT_MANAGER, Role.MENTOR, Role.ANALYST];
export const ADMIN = [Role.ORG_ADMIN];
/** Roles a third-party system's API key may act in (api_key.role's CHECK lists the same). */
export const ROLES_WITH_KEYS = [Role.ORG_ADMIN, Role.UNIT_MANAGER, Role.ANALYST];
