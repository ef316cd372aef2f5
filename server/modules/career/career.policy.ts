import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/** A cadre's career events: readable where the cadre's own profile is, minus what came later. */
const read: ReadScope = (qb, a, viewer) => {
  const unit = param(a, 'unit');
  const self = param(a, 'self');
  switch (viewer.role) {
    case Role.ORG_ADMIN:
    case Role.ANALYST:
      return;
    case Role.UNIT_MANAGER:
      qb.andWhere(
        `EXISTS (SELECT 1 FROM cadre ec WHERE ec.id = ${a}.cadre_id AND ec.home_unit_id = :${unit})`,
        { [unit]: viewer.unitId },
      );
      return;
    case Role.MENTOR:
    case Role.CADRE:
      qb.andWhere(`${a}.cadre_id = :${self}`, { [self]: viewer.cadreId });
      return;
    default:
      qb.andWhere(NOTHING);
  }
};

export const careerPolicy = { read };
