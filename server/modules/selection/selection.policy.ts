import { orgAdminOnly, permission, staffOnly } from '../../common/permission';
import { everything, scopeByRole, whereCadre, whereUnit } from '../../common/scope';
import type { Cadre } from '../cadre/cadre.entity';

/** The rounds the viewer is a candidate in. */
const asCandidate = whereCadre(
  (a, self) =>
    `EXISTS (SELECT 1 FROM candidate rc WHERE rc.round_id = ${a}.id AND rc.cadre_id = ${self})`,
);

/** Rounds are announced to every unit; mentors and cadres see the rounds they are candidates in. */
const readRounds = scopeByRole({
  ORG_ADMIN: everything,
  UNIT_MANAGER: everything,
  ANALYST: everything,
  MENTOR: asCandidate,
  CADRE: asCandidate,
});

const ownCandidacy = whereCadre((a, self) => `${a}.cadre_id = ${self}`);

/** Candidates: the nominating or home unit's manager, the cadre themself, and the org department. */
const readCandidates = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: whereUnit(
    (a, unit) =>
      `(${a}.nominating_unit_id = ${unit} OR EXISTS (SELECT 1 FROM cadre cc WHERE cc.id = ${a}.cadre_id
        AND cc.home_unit_id = ${unit}))`,
  ),
  MENTOR: ownCandidacy,
  CADRE: ownCandidacy,
});

const may = {
  /** Rounds are staff business; a cadre reaches their own candidacies through their profile. */
  listRounds: staffOnly,
  openRound: orgAdminOnly,
  closeRound: orgAdminOnly,
  /**
   * Who nominates (推荐) a cadre: the org department any cadre, a unit manager only cadres of
   * their own unit. Either way the cadre's home unit is the nominating unit.
   */
  nominate: permission<[Cadre]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: (viewer, cadre) => viewer.unitId === cadre.homeUnitId,
      MENTOR: false,
      CADRE: false,
      ANALYST: false,
    },
    {
      en: 'A unit manager may nominate only cadres of their own unit',
      zh: '单位管理员只能推荐本单位的干部',
    },
  ),
  // The steps of open selection (公开选拔) after nomination are the org department's.
  recordScores: orgAdminOnly,
  recordInspection: orgAdminOnly,
  shortlist: orgAdminOnly,
  select: orgAdminOnly,
  reject: orgAdminOnly,
  recordTrainingCompleted: orgAdminOnly,
};

export const selectionPolicy = { readRounds, readCandidates, may };
