import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/**
 * Alerts: the org department and analysts see all; a unit manager those of postings the unit sent,
 * and of postings it receives while they are ACTIVE (what happens to the cadre later is not theirs).
 */
const read: ReadScope = (qb, a, viewer) => {
  switch (viewer.role) {
    case Role.ORG_ADMIN:
    case Role.ANALYST:
      return;
    case Role.UNIT_MANAGER: {
      const unit = param(a, 'unit');
      qb.andWhere(
        `EXISTS (SELECT 1 FROM posting ap WHERE ap.id = ${a}.posting_id AND (ap.sending_unit_id = :${unit}
          OR (ap.receiving_unit_id = :${unit} AND ap.status = 'ACTIVE')))`,
        { [unit]: viewer.unitId },
      );
      return;
    }
    default:
      qb.andWhere(NOTHING);
  }
};

export const alertPolicy = { read };
