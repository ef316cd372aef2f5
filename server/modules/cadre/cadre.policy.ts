import { forbidden } from '../../common/errors';
import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';
import type { Cadre } from './cadre.entity';

/** Which cadres a viewer may read (DESIGN §4). */
const read: ReadScope = (qb, a, viewer) => {
  const unit = param(a, 'unit');
  const self = param(a, 'self');
  switch (viewer.role) {
    case Role.ORG_ADMIN:
    case Role.ANALYST:
      return;
    case Role.UNIT_MANAGER:
      // Own unit's cadres, cadres currently serving a posting the unit receives, and the current
      // mentors of the unit's own cadres posted elsewhere.
      qb.andWhere(
        `(${a}.home_unit_id = :${unit} OR EXISTS (SELECT 1 FROM posting rp WHERE rp.cadre_id = ${a}.id
          AND rp.receiving_unit_id = :${unit} AND rp.status = 'ACTIVE')
          OR EXISTS (SELECT 1 FROM mentorship sm JOIN posting sp ON sp.id = sm.posting_id
            WHERE sm.mentor_id = ${a}.id AND sm.end_date IS NULL AND sp.sending_unit_id = :${unit}))`,
        { [unit]: viewer.unitId },
      );
      return;
    case Role.MENTOR:
      // Self, and current mentees.
      qb.andWhere(
        `(${a}.id = :${self} OR EXISTS (SELECT 1 FROM mentorship mm JOIN posting mp ON mp.id = mm.posting_id
          WHERE mm.mentor_id = :${self} AND mm.end_date IS NULL AND mp.cadre_id = ${a}.id))`,
        { [self]: viewer.cadreId },
      );
      return;
    case Role.CADRE:
      // Self, and the current mentor of own posting.
      qb.andWhere(
        `(${a}.id = :${self} OR EXISTS (SELECT 1 FROM mentorship cm JOIN posting cp ON cp.id = cm.posting_id
          WHERE cp.cadre_id = :${self} AND cm.end_date IS NULL AND cm.mentor_id = ${a}.id))`,
        { [self]: viewer.cadreId },
      );
      return;
    default:
      qb.andWhere(NOTHING);
  }
};

/** Personal data (身份证号, 电话, exact birth date): ORG_ADMIN and the cadre themself only. */
function assertPersonalData(viewer: Viewer, cadre: Cadre): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  if (viewer.cadreId !== null && viewer.cadreId === cadre.id) return;
  throw forbidden('Personal data is visible only to the organisation department and the cadre');
}

export const cadrePolicy = { read, assertPersonalData };
