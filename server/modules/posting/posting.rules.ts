import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import { PostingErrorCode } from './posting.errors';
import { SelectionErrorCode } from '../selection/selection.errors';
import { type Cadre, CadreRank, Education, RANK_ORDER } from '../cadre/cadre.entity';
import { CandidateStatus, type Candidate } from '../selection/candidate.entity';
import type { SelectionRound } from '../selection/selection-round.entity';
import { ADMIN_LEVEL_ORDER, type FrontlineArea, type Unit, UnitKind } from '../unit/unit.entity';
import { PostingType } from './posting-type';
import type { Posting } from './posting.entity';

export interface PostingParties {
  type: PostingType;
  /** The cadre as at the write: the rank rules read `rank`. */
  cadre: Cadre;
  /** 职级 of the post held; for an assistant post, of the leader assisted. */
  positionRank: CadreRank;
  /** 急难险重领域 of the post itself, when the receiving unit is an ordinary one. */
  frontlineArea: FrontlineArea | null;
  homeUnit: Unit;
  receivingUnit: Unit;
  /** The candidacy it comes from, with its round, if any. */
  candidate: (Candidate & { round: SelectionRound }) | null;
}

const rule = (message: string): never =>
  refuse(PostingErrorCode.POSTING_TYPE_RULE, message, 'type');

/** Steps between two ranks: 1 when `rank` is the next one above `from`. */
const stepsAbove = (rank: CadreRank, from: CadreRank): number =>
  RANK_ORDER.indexOf(rank) - RANK_ORDER.indexOf(from);

const nextRank = (rank: CadreRank): CadreRank | 'none' =>
  RANK_ORDER[RANK_ORDER.indexOf(rank) + 1] ?? 'none';

/** Assistant posts (助理) carry the rank of the leader assisted, not the cadre's own. */
const ASSISTANT_TYPES: readonly PostingType[] = [
  PostingType.HIGHER_ASSISTANT,
  PostingType.GRADUATE_ASSISTANT,
  PostingType.SCHOOL_ASSISTANT,
];

/** 交叉挂职: a middle-level chief becomes the deputy of the same level. */
const CROSS_DEPUTY_POST: Partial<Record<CadreRank, CadreRank>> = {
  [CadreRank.SECTION_CHIEF]: CadreRank.SECTION_DEPUTY,
  [CadreRank.DIVISION_CHIEF]: CadreRank.DIVISION_DEPUTY,
};

/** The post a cadre of this rank takes on a cross posting; none when not a middle-level chief. */
export const crossDeputyPost = (rank: CadreRank): CadreRank | undefined => CROSS_DEPUTY_POST[rank];

/** The rules of DESIGN §2 (types 1–8) that a posting must meet to be created or changed. */
export function checkPostingParties(parties: PostingParties): void {
  const { type, cadre, homeUnit, receivingUnit, candidate } = parties;
  if (receivingUnit.id === homeUnit.id) {
    refuse(
      PostingErrorCode.SAME_UNIT,
      'The receiving unit must differ from the cadre’s home unit',
      'receivingUnitId',
    );
  }
  if (candidate) checkCandidacy(type, cadre, candidate);
  checkTypeRule(parties);
  if (!ASSISTANT_TYPES.includes(type) && stepsAbove(parties.positionRank, cadre.rank) > 1) {
    refuse(
      PostingErrorCode.POSITION_RANK_TOO_HIGH,
      `A ${cadre.rank} cadre holds a post at most one step above (${nextRank(cadre.rank)}), not ${parties.positionRank}: a posting trains, it does not promote`,
      'positionRank',
    );
  }
}

function checkCandidacy(
  type: PostingType,
  cadre: Cadre,
  candidate: Candidate & { round: SelectionRound },
): void {
  if (candidate.cadreId !== cadre.id) {
    refuse(SelectionErrorCode.CANDIDATE_NOT_READY, 'The candidate is another cadre', 'candidateId');
  }
  if (candidate.status !== CandidateStatus.SELECTED || !candidate.trainingCompletedAt) {
    refuse(
      SelectionErrorCode.CANDIDATE_NOT_READY,
      'Only a SELECTED candidate who finished pre-posting training can be posted',
      'candidateId',
    );
  }
  if (candidate.round.postingType !== type) {
    rule(`The candidate was selected for ${candidate.round.postingType} postings, not ${type}`);
  }
}

/** The rule of the posting's own type (DESIGN §2's list), each with its code. */
function checkTypeRule(parties: PostingParties): void {
  const { type, cadre, homeUnit, receivingUnit, candidate, positionRank } = parties;
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      if (!cadre.isTrainee) rule('Cross postings (交叉挂职) are for training-class trainees');
      if (receivingUnit.region !== homeUnit.region)
        rule('Cross postings stay within the same city');
      return checkCrossDeputyRank(cadre.rank, positionRank);
    case PostingType.HIGHER_ASSISTANT:
      if (!candidate)
        rule(
          'Higher-assistant postings (高挂) come from a SELECTED candidate of an open selection',
        );
      if (stepsAbove(positionRank, cadre.rank) !== 1) {
        refuse(
          PostingErrorCode.HIGHER_ASSISTANT_RANK,
          `A ${cadre.rank} cadre assists a leader one step above (${nextRank(cadre.rank)}), not a ${positionRank}`,
          'positionRank',
        );
      }
      return;
    case PostingType.GRADUATE_ASSISTANT:
      if (!cadre.isRecruitedGraduate)
        rule('Graduate-assistant postings are for recruited graduates');
      if (cadre.education === Education.COLLEGE)
        rule('Graduate assistants hold at least a bachelor’s degree');
      return checkGraduatePost(cadre.education, positionRank, receivingUnit);
    case PostingType.SCHOOL_ASSISTANT:
      if (homeUnit.kind !== UnitKind.SCHOOL || receivingUnit.kind !== UnitKind.SCHOOL) {
        rule('Principal’s-assistant postings go from one school to another');
      }
      return;
    case PostingType.UPWARD:
      if (
        ADMIN_LEVEL_ORDER.indexOf(receivingUnit.adminLevel) <=
        ADMIN_LEVEL_ORDER.indexOf(homeUnit.adminLevel)
      ) {
        rule('Upward postings (上挂) go to a unit of a higher administrative level');
      }
      return;
    case PostingType.DOWNWARD:
      if (receivingUnit.kind !== UnitKind.TOWNSHIP && receivingUnit.kind !== UnitKind.SUBDISTRICT) {
        rule('Downward postings (下派基层) go to a township or subdistrict');
      }
      return;
    case PostingType.OUTWARD:
      if (!receivingUnit.isDevelopedRegion)
        rule('Outward postings (外派) go to a developed region');
      return;
    case PostingType.FRONTLINE:
      if (receivingUnit.frontlineArea == null && parties.frontlineArea == null) {
        refuse(
          PostingErrorCode.FRONTLINE_AREA_REQUIRED,
          `${receivingUnit.name} is no front-line unit: name the front-line area (petitions, city construction, major projects) of the post`,
          'frontlineArea',
        );
      }
      return;
  }
}

function checkCrossDeputyRank(cadreRank: CadreRank, positionRank: CadreRank): void {
  const deputy = crossDeputyPost(cadreRank);
  if (!deputy) {
    refuse(
      PostingErrorCode.CROSS_DEPUTY_RANK,
      `Cross postings (交叉挂职) are for middle-level chiefs (SECTION_CHIEF or DIVISION_CHIEF), not ${cadreRank}`,
      'cadreId',
    );
  }
  if (positionRank !== deputy) {
    refuse(
      PostingErrorCode.CROSS_DEPUTY_RANK,
      `A ${cadreRank} on a cross posting takes the deputy post of the same level (${deputy}), not ${positionRank}`,
      'positionRank',
    );
  }
}

/** 本科 → 科长助理; 硕博 → assistant to a bureau head (局长) or a township head (乡镇长). */
function checkGraduatePost(education: Education, positionRank: CadreRank, unit: Unit): void {
  if (education === Education.BACHELOR) {
    if (positionRank !== CadreRank.SECTION_CHIEF) {
      refuse(
        PostingErrorCode.GRADUATE_ASSISTANT_POST,
        `A graduate with a bachelor’s degree assists a section chief (SECTION_CHIEF), not a ${positionRank}`,
        'positionRank',
      );
    }
    return;
  }
  if (unit.kind !== UnitKind.GOVERNMENT_DEPARTMENT && unit.kind !== UnitKind.TOWNSHIP) {
    refuse(
      PostingErrorCode.GRADUATE_ASSISTANT_POST,
      `A graduate with a ${education} degree assists a bureau head or a township head: the receiving unit must be a GOVERNMENT_DEPARTMENT or TOWNSHIP, not ${unit.kind}`,
      'receivingUnitId',
    );
  }
  if (stepsAbove(positionRank, CadreRank.SECTION_CHIEF) < 0) {
    refuse(
      PostingErrorCode.GRADUATE_ASSISTANT_POST,
      `A graduate with a ${education} degree assists a head of at least SECTION_CHIEF, not a ${positionRank}`,
      'positionRank',
    );
  }
}

export function checkDates(startDate: string, plannedEndDate: string): void {
  if (plannedEndDate <= startDate) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      'The planned end must come after the start',
      'plannedEndDate',
    );
  }
}

/** 三定: a post, at least one duty and a training plan, before the cadre leaves. */
export function isThreeDefinitionsComplete(posting: Posting): boolean {
  return (
    posting.positionTitle.trim() !== '' &&
    posting.responsibilities.some((r) => r.trim() !== '') &&
    (posting.trainingPlan ?? '').trim() !== ''
  );
}
