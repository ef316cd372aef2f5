import { fieldRule } from '../../common/field-rule';
import { everyRole, orgAdminOnly, permission } from '../../common/permission';
import { everything, scopeByRole, whereCadre, whereUnit } from '../../common/scope';
import type { Viewer } from '../../common/viewer';
import type { Cadre } from './cadre.entity';

/**
 * Which cadres a viewer may read (DESIGN §4). Each rule is `id IN (a few ids)`, not an OR of
 * EXISTS: with the OR, a list in name order walked the name index and tested every cadre (134 000
 * of 300 000 at scale 625, 2.5 s, for a unit manager's first page); the IN is a semi-join the
 * planner sizes, so it reads the ~100 cadres and sorts them.
 */
const read = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  // Own unit's cadres, cadres currently serving a posting the unit receives, and the current
  // mentors of the unit's own cadres posted elsewhere.
  UNIT_MANAGER: whereUnit(
    (a, unit) =>
      `${a}.id IN (SELECT hc.id FROM cadre hc WHERE hc.home_unit_id = ${unit}
        UNION ALL SELECT rp.cadre_id FROM posting rp
          WHERE rp.receiving_unit_id = ${unit} AND rp.status = 'ACTIVE'
        UNION ALL SELECT sm.mentor_id FROM mentorship sm JOIN posting sp ON sp.id = sm.posting_id
          WHERE sm.end_date IS NULL AND sp.sending_unit_id = ${unit})`,
  ),
  // Self, and current mentees.
  MENTOR: whereCadre(
    (a, self) =>
      `${a}.id IN (SELECT CAST(${self} AS int) UNION ALL SELECT mp.cadre_id FROM mentorship mm
        JOIN posting mp ON mp.id = mm.posting_id WHERE mm.mentor_id = ${self} AND mm.end_date IS NULL)`,
  ),
  // Self, and the current mentor of own posting.
  CADRE: whereCadre(
    (a, self) =>
      `${a}.id IN (SELECT CAST(${self} AS int) UNION ALL SELECT cm.mentor_id FROM mentorship cm
        JOIN posting cp ON cp.id = cm.posting_id WHERE cp.cadre_id = ${self} AND cm.end_date IS NULL)`,
  ),
});

/** The viewer's own cadre record (never null = null). */
const isSelf = (viewer: Viewer, cadre: Cadre) =>
  viewer.cadreId !== null && viewer.cadreId === cadre.id;

/**
 * Personal data (身份证号, 电话, exact birth date): ORG_ADMIN and the cadre themself only; an
 * analyst reads de-identified cadres, and a unit manager or mentor reads profiles without it.
 */
const personalData = fieldRule<Cadre>(
  {
    en: 'Personal data is visible only to the organisation department and the cadre',
    zh: '个人信息仅组织部门和干部本人可见',
  },
  {
    ORG_ADMIN: true,
    UNIT_MANAGER: isSelf,
    MENTOR: isSelf,
    CADRE: isSelf,
    ANALYST: isSelf,
  },
);

const may = {
  list: everyRole,
  /** The organisation department keeps the cadre records (issue #8). */
  create: orgAdminOnly,
  update: orgAdminOnly,
  setLeadership: orgAdminOnly,
  recordDeparture: orgAdminOnly,
  /** A person keeps their own contact details; which record is theirs comes from the token. */
  updateContactDetails: permission({
    CADRE: true,
    MENTOR: true,
    ORG_ADMIN: false,
    UNIT_MANAGER: false,
    ANALYST: false,
  }),
};

export const cadrePolicy = { read, personalData, may };
