import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import { PostingErrorCode } from './posting.errors';
import { SelectionErrorCode } from '../selection/selection.errors';
import { type Cadre, Education } from '../cadre/cadre.entity';
import { CandidateStatus, type Candidate } from '../selection/candidate.entity';
import type { SelectionRound } from '../selection/selection-round.entity';
import { ADMIN_LEVEL_ORDER, type Unit, UnitKind } from '../unit/unit.entity';
import { PostingType } from './posting-type';
import type { Posting } from './posting.entity';
import { labelOf } from '../../common/labels';
import { POSTING_TYPE_LABELS } from './posting.labels';
import type { Text } from '../../common/text';

export interface PostingParties {
  type: PostingType;
  cadre: Cadre;
  homeUnit: Unit;
  receivingUnit: Unit;
  /** The candidacy it comes from, with its round, if any. */
  candidate: (Candidate & { round: SelectionRound }) | null;
}

const rule = (message: Text): never => refuse(PostingErrorCode.POSTING_TYPE_RULE, message, 'type');

/** The rules of DESIGN §2 (types 1–8) that a posting must meet to be created or changed. */
export function checkPostingParties({
  type,
  cadre,
  homeUnit,
  receivingUnit,
  candidate,
}: PostingParties): void {
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
  if (candidate) {
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
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      if (!cadre.isTrainee)
        rule({
          en: 'Cross postings (交叉挂职) are for training-class trainees',
          zh: '交叉挂职仅限中青年干部培训班学员',
        });
      if (receivingUnit.region !== homeUnit.region)
        rule({ en: 'Cross postings stay within the same city', zh: '交叉挂职须在同一城市内' });
      return;
    case PostingType.HIGHER_ASSISTANT:
      if (!candidate)
        rule({
          en: 'Higher-assistant postings (高挂) come from a SELECTED candidate of an open selection',
          zh: '高挂须来自公开选派中已确定的人选',
        });
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
      return;
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
      return;
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
