import { permission } from '../../common/permission';
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

const may = {
  list: permission({
    ORG_ADMIN: true,
    UNIT_MANAGER: true,
    ANALYST: true,
    MENTOR: false,
    CADRE: false,
  }),
};

export const alertPolicy = { read, may };
