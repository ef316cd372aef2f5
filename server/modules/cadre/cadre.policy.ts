import { fieldRule } from '../../common/field-rule';
import { everyRole, orgAdminOnly, permission } from '../../common/permission';
import { everything, scopeByRole, whereCadre, whereUnit } from '../../common/scope';
import type { Viewer } from '../../common/viewer';
import type { Cadre } from './cadre.entity';

/** Which cadres a viewer may read (DESIGN §4). */
const read = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  // Own unit's cadres, cadres currently serving a posting the unit receives, and the current
  // mentors of the unit's own cadres posted elsewhere.
  UNIT_MANAGER: whereUnit(
    (a, unit) =>
      `(${a}.home_unit_id = ${unit} OR EXISTS (SELECT 1 FROM posting rp WHERE rp.cadre_id = ${a}.id
        AND rp.receiving_unit_id = ${unit} AND rp.status = 'ACTIVE')
        OR EXISTS (SELECT 1 FROM mentorship sm JOIN posting sp ON sp.id = sm.posting_id
          WHERE sm.mentor_id = ${a}.id AND sm.end_date IS NULL AND sp.sending_unit_id = ${unit}))`,
  ),
  // Self, and current mentees.
  MENTOR: whereCadre(
    (a, self) =>
      `(${a}.id = ${self} OR EXISTS (SELECT 1 FROM mentorship mm JOIN posting mp ON mp.id = mm.posting_id
        WHERE mm.mentor_id = ${self} AND mm.end_date IS NULL AND mp.cadre_id = ${a}.id))`,
  ),
  // Self, and the current mentor of own posting.
  CADRE: whereCadre(
    (a, self) =>
      `(${a}.id = ${self} OR EXISTS (SELECT 1 FROM mentorship cm JOIN posting cp ON cp.id = cm.posting_id
        WHERE cp.cadre_id = ${self} AND cm.end_date IS NULL AND cm.mentor_id = ${a}.id))`,
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
