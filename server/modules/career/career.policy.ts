import { orgAdminOnly } from '../../common/permission';
import { everything, scopeByRole, whereCadre, whereUnit } from '../../common/scope';

/** The viewer's own career. */
const own = whereCadre((a, self) => `${a}.cadre_id = ${self}`);

/** A cadre's career events: readable where the cadre's own profile is, minus what came later. */
const read = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: whereUnit(
    (a, unit) =>
      `EXISTS (SELECT 1 FROM cadre ec WHERE ec.id = ${a}.cadre_id AND ec.home_unit_id = ${unit})`,
  ),
  MENTOR: own,
  CADRE: own,
});

/** Appointments and promotions are recorded by the organisation department (任免). */
export const careerPolicy = { read, may: { record: orgAdminOnly } };
