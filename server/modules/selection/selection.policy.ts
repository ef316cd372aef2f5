import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../auth/role';

/** Rounds are announced to every unit; mentors and cadres follow only their own candidacy. */
const readRounds: ReadScope = (qb, _a, viewer) => {
  if (viewer.role === Role.MENTOR || viewer.role === Role.CADRE) qb.andWhere(NOTHING);
};

/** Candidates: the nominating or home unit's manager, the cadre themself, and the org department. */
const readCandidates: ReadScope = (qb, a, viewer) => {
  const unit = param(a, 'unit');
  const self = param(a, 'self');
  switch (viewer.role) {
    case Role.ORG_ADMIN:
    case Role.ANALYST:
      return;
    case Role.UNIT_MANAGER:
      qb.andWhere(
        `(${a}.nominating_unit_id = :${unit} OR EXISTS (SELECT 1 FROM cadre cc WHERE cc.id = ${a}.cadre_id
          AND cc.home_unit_id = :${unit}))`,
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

export const selectionPolicy = { readRounds, readCandidates };
