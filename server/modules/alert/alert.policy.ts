import { permission } from '../../common/permission';
import type { Role } from '../../common/role';
import { everything, nothing, scopeByRole, whereUnit } from '../../common/scope';

/**
 * Alerts: the org department and analysts see all; a unit manager those of postings the unit sent,
 * and of postings it receives while they are ACTIVE (what happens to the cadre later is not theirs).
 * Mentors and cadres get none: alerts judge the people they are about.
 */
const read = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: whereUnit(
    (a, unit) =>
      `EXISTS (SELECT 1 FROM posting ap WHERE ap.id = ${a}.posting_id AND (ap.sending_unit_id = ${unit}
        OR (ap.receiving_unit_id = ${unit} AND ap.status = 'ACTIVE')))`,
  ),
  MENTOR: nothing,
  CADRE: nothing,
});

const list = permission({
  ORG_ADMIN: true,
  UNIT_MANAGER: true,
  ANALYST: true,
  MENTOR: false,
  CADRE: false,
});

const may = {
  list,
  /** Following alert changes live: the readers of alerts, each getting those of their scope. */
  watch: list,
  /** Acknowledge or assign: the alerts one reads (row scope), never as an analyst. */
  followUp: permission({
    ORG_ADMIN: true,
    UNIT_MANAGER: true,
    ANALYST: false,
    MENTOR: false,
    CADRE: false,
  }),
};

/**
 * Who an alert may be given to (assignAlert): an org-department user, or a manager of a unit the
 * alert concerns — the same units whose managers read it (`read` above).
 */
function mayBeAssigned(
  account: { role: Role; unitId: number | null; isActive: boolean },
  posting: { sendingUnitId: number; receivingUnitId: number; status: string },
): boolean {
  if (!account.isActive) return false;
  if (account.role === 'ORG_ADMIN') return true;
  if (account.role !== 'UNIT_MANAGER' || account.unitId === null) return false;
  return (
    account.unitId === posting.sendingUnitId ||
    (account.unitId === posting.receivingUnitId && posting.status === 'ACTIVE')
  );
}

export const alertPolicy = { read, may, mayBeAssigned };
