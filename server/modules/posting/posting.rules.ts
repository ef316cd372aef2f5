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
import { labelOf } from '../../common/labels';
import { CADRE_RANK_LABELS, EDUCATION_LABELS } from '../cadre/cadre.labels';
import { UNIT_KIND_LABELS } from '../unit/unit.labels';
import { POSTING_TYPE_LABELS } from './posting.labels';
import type { Text } from '../../common/text';

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

const rule = (message: Text): never => refuse(PostingErrorCode.POSTING_TYPE_RULE, message, 'type');

/** A rank in Chinese (正科), for the `zh` side of a message. */
const zhRank = (rank: CadreRank | 'none') =>
  rank === 'none' ? '无' : labelOf(CADRE_RANK_LABELS, rank);

/** Steps between two ranks: 1 when `rank` is the next one above `from`. */
const stepsAbove = (rank: CadreRank, from: CadreRank): number =>
  RANK_ORDER.indexOf(rank) - RANK_ORDER.indexOf(from);

const nextRank = (rank: CadreRank): CadreRank | 'none' =>
  RANK_ORDER[RANK_ORDER.indexOf(rank) + 1] ?? 'none';

/**
 * Assistant posts whose rank has a rule of its own (HIGHER_ASSISTANT_RANK, GRADUATE_ASSISTANT_POST)
 * instead of "at most one step up". A principal's assistant (校长助理) is not among them: a school's
 * middle-level cadre, the post is capped like any other.
 */
const OWN_RANK_RULE_TYPES: readonly PostingType[] = [
  PostingType.HIGHER_ASSISTANT,
  PostingType.GRADUATE_ASSISTANT,
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
      {
        en: 'The receiving unit must differ from the cadre’s home unit',
        zh: '接收单位不能是干部的派出单位',
      },
      'receivingUnitId',
    );
  }
  if (parties.frontlineArea != null && type !== PostingType.FRONTLINE) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      {
        en: `Only a FRONTLINE posting names a front-line area of its post, not a ${type} one`,
        zh: `只有急难险重挂职才填写岗位的急难险重领域，${labelOf(POSTING_TYPE_LABELS, type)}不填`,
      },
      'frontlineArea',
    );
  }
  if (candidate) checkCandidacy(type, cadre, candidate);
  checkTypeRule(parties);
  if (!OWN_RANK_RULE_TYPES.includes(type) && stepsAbove(parties.positionRank, cadre.rank) > 1) {
    refuse(
      PostingErrorCode.POSITION_RANK_TOO_HIGH,
      {
        en: `A ${cadre.rank} cadre holds a post at most one step above (${nextRank(cadre.rank)}), not ${parties.positionRank}: a posting trains, it does not promote`,
        zh: `${zhRank(cadre.rank)}干部挂职职级最多高一级（${zhRank(nextRank(cadre.rank))}），不能是${zhRank(parties.positionRank)}：挂职是锻炼，不是提拔`,
      },
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
    refuse(
      SelectionErrorCode.CANDIDATE_NOT_READY,
      { en: 'The candidate is another cadre', zh: '该人选是另一名干部' },
      'candidateId',
    );
  }
  if (candidate.status !== CandidateStatus.SELECTED || !candidate.trainingCompletedAt) {
    refuse(
      SelectionErrorCode.CANDIDATE_NOT_READY,
      {
        en: 'Only a SELECTED candidate who finished pre-posting training can be posted',
        zh: '只有已确定人选并完成岗前培训的候选人才能挂职',
      },
      'candidateId',
    );
  }
  if (candidate.round.postingType !== type) {
    rule({
      en: `The candidate was selected for ${candidate.round.postingType} postings, not ${type}`,
      zh: `该人选是为${labelOf(POSTING_TYPE_LABELS, candidate.round.postingType)}选派的，而非${labelOf(POSTING_TYPE_LABELS, type)}`,
    });
  }
}

/** The rule of the posting's own type (DESIGN §2's list), each with its code. */
function checkTypeRule(parties: PostingParties): void {
  const { type, cadre, homeUnit, receivingUnit, candidate, positionRank } = parties;
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      if (!cadre.isTrainee)
        rule({
          en: 'Cross postings (交叉挂职) are for training-class trainees',
          zh: '交叉挂职仅限中青年干部培训班学员',
        });
      if (receivingUnit.region !== homeUnit.region)
        rule({ en: 'Cross postings stay within the same city', zh: '交叉挂职须在同一城市内' });
      return checkCrossDeputyRank(cadre.rank, positionRank);
    case PostingType.HIGHER_ASSISTANT:
      if (!candidate)
        rule({
          en: 'Higher-assistant postings (高挂) come from a SELECTED candidate of an open selection',
          zh: '高挂须来自公开选派中已确定的人选',
        });
      if (stepsAbove(positionRank, cadre.rank) !== 1) {
        refuse(
          PostingErrorCode.HIGHER_ASSISTANT_RANK,
          {
            en: `A ${cadre.rank} cadre assists a leader one step above (${nextRank(cadre.rank)}), not a ${positionRank}`,
            zh: `高挂的${zhRank(cadre.rank)}干部担任高一级（${zhRank(nextRank(cadre.rank))}）领导的助理，不能是${zhRank(positionRank)}`,
          },
          'positionRank',
        );
      }
      return;
    case PostingType.GRADUATE_ASSISTANT:
      if (!cadre.isRecruitedGraduate)
        rule({
          en: 'Graduate-assistant postings are for recruited graduates',
          zh: '引进生挂职仅限引进的高校毕业生',
        });
      if (cadre.education === Education.COLLEGE)
        rule({
          en: 'Graduate assistants hold at least a bachelor’s degree',
          zh: '引进生挂职须具有本科及以上学历',
        });
      return checkGraduatePost(cadre.education, positionRank, receivingUnit);
    case PostingType.SCHOOL_ASSISTANT:
      if (homeUnit.kind !== UnitKind.SCHOOL || receivingUnit.kind !== UnitKind.SCHOOL) {
        rule({
          en: 'Principal’s-assistant postings go from one school to another',
          zh: '校长助理挂职须由一所学校派往另一所学校',
        });
      }
      return;
    case PostingType.UPWARD:
      if (
        ADMIN_LEVEL_ORDER.indexOf(receivingUnit.adminLevel) <=
        ADMIN_LEVEL_ORDER.indexOf(homeUnit.adminLevel)
      ) {
        rule({
          en: 'Upward postings (上挂) go to a unit of a higher administrative level',
          zh: '上挂须到行政层级更高的单位',
        });
      }
      return;
    case PostingType.DOWNWARD:
      if (receivingUnit.kind !== UnitKind.TOWNSHIP && receivingUnit.kind !== UnitKind.SUBDISTRICT) {
        rule({
          en: 'Downward postings (下派基层) go to a township or subdistrict',
          zh: '下派基层须到乡镇或街道',
        });
      }
      return;
    case PostingType.OUTWARD:
      if (!receivingUnit.isDevelopedRegion)
        rule({
          en: 'Outward postings (外派) go to a developed region',
          zh: '外派须到沿海发达地区',
        });
      return;
    case PostingType.FRONTLINE:
      if (receivingUnit.frontlineArea == null && parties.frontlineArea == null) {
        refuse(
          PostingErrorCode.FRONTLINE_AREA_REQUIRED,
          {
            en: `${receivingUnit.name} is no front-line unit: name the front-line area (petitions, city construction, major projects) of the post`,
            zh: `${receivingUnit.name}不是急难险重单位：请注明该岗位的急难险重领域（信访维稳、城市建设、重大项目）`,
          },
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
      {
        en: `Cross postings (交叉挂职) are for middle-level chiefs (SECTION_CHIEF or DIVISION_CHIEF), not ${cadreRank}`,
        zh: `交叉挂职仅限中层正职（正科或正处），不能是${zhRank(cadreRank)}`,
      },
      'cadreId',
    );
  }
  if (positionRank !== deputy) {
    refuse(
      PostingErrorCode.CROSS_DEPUTY_RANK,
      {
        en: `A ${cadreRank} on a cross posting takes the deputy post of the same level (${deputy}), not ${positionRank}`,
        zh: `交叉挂职的${zhRank(cadreRank)}干部担任同级副职（${zhRank(deputy)}），不能是${zhRank(positionRank)}`,
      },
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
        {
          en: `A graduate with a bachelor’s degree assists a section chief (SECTION_CHIEF), not a ${positionRank}`,
          zh: `本科学历的引进生担任科长助理（正科），不能是${zhRank(positionRank)}`,
        },
        'positionRank',
      );
    }
    return;
  }
  if (unit.kind !== UnitKind.GOVERNMENT_DEPARTMENT && unit.kind !== UnitKind.TOWNSHIP) {
    refuse(
      PostingErrorCode.GRADUATE_ASSISTANT_POST,
      {
        en: `A graduate with a ${education} degree assists a bureau head or a township head: the receiving unit must be a GOVERNMENT_DEPARTMENT or TOWNSHIP, not ${unit.kind}`,
        zh: `${labelOf(EDUCATION_LABELS, education)}学历的引进生担任局长或乡镇长助理：接收单位须为政府部门或乡镇，不能是${labelOf(UNIT_KIND_LABELS, unit.kind)}`,
      },
      'receivingUnitId',
    );
  }
  if (stepsAbove(positionRank, CadreRank.SECTION_CHIEF) < 0) {
    refuse(
      PostingErrorCode.GRADUATE_ASSISTANT_POST,
      {
        en: `A graduate with a ${education} degree assists a head of at least SECTION_CHIEF, not a ${positionRank}`,
        zh: `${labelOf(EDUCATION_LABELS, education)}学历的引进生所协助的领导至少为正科，不能是${zhRank(positionRank)}`,
      },
      'positionRank',
    );
  }
}

export function checkDates(startDate: string, plannedEndDate: string): void {
  if (plannedEndDate <= startDate) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      { en: 'The planned end must come after the start', zh: '计划结束日期须晚于开始日期' },
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
