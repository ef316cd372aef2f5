import { forbidden } from '../../common/errors';
import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';
import type { Cadre } from '../cadre/cadre.entity';

/** Rounds are announced to every unit; mentors and cadres see the rounds they are candidates in. */
const readRounds: ReadScope = (qb, a, viewer) => {
  if (viewer.role !== Role.MENTOR && viewer.role !== Role.CADRE) return;
  const self = param(a, 'self');
  qb.andWhere(
    `EXISTS (SELECT 1 FROM candidate rc WHERE rc.round_id = ${a}.id AND rc.cadre_id = :${self})`,
    {
      [self]: viewer.cadreId,
    },
  );
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

/**
 * Who nominates (推荐) a cadre, and on behalf of which unit: the org department for any cadre (the
 * cadre's home unit nominates), a unit manager only for cadres of their own unit.
 */
function nominatingUnitId(viewer: Viewer, cadre: Cadre): number {
  if (viewer.role === Role.ORG_ADMIN) return cadre.homeUnitId;
  if (viewer.role === Role.UNIT_MANAGER && viewer.unitId === cadre.homeUnitId) return viewer.unitId;
  throw forbidden('A unit manager may nominate only cadres of their own unit');
}

export const selectionPolicy = { readRounds, readCandidates, nominatingUnitId };
