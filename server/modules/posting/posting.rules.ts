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

export interface PostingParties {
  type: PostingType;
  cadre: Cadre;
  homeUnit: Unit;
  receivingUnit: Unit;
  /** The candidacy it comes from, with its round, if any. */
  candidate: (Candidate & { round: SelectionRound }) | null;
}

const rule = (message: string): never =>
  refuse(PostingErrorCode.POSTING_TYPE_RULE, message, 'type');

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
      'The receiving unit must differ from the cadre’s home unit',
      'receivingUnitId',
    );
  }
  if (candidate) {
    if (candidate.cadreId !== cadre.id) {
      refuse(
        SelectionErrorCode.CANDIDATE_NOT_READY,
        'The candidate is another cadre',
        'candidateId',
      );
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
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      if (!cadre.isTrainee) rule('Cross postings (交叉挂职) are for training-class trainees');
      if (receivingUnit.region !== homeUnit.region)
        rule('Cross postings stay within the same city');
      return;
    case PostingType.HIGHER_ASSISTANT:
      if (!candidate)
        rule(
          'Higher-assistant postings (高挂) come from a SELECTED candidate of an open selection',
        );
      return;
    case PostingType.GRADUATE_ASSISTANT:
      if (!cadre.isRecruitedGraduate)
        rule('Graduate-assistant postings are for recruited graduates');
      if (cadre.education === Education.COLLEGE)
        rule('Graduate assistants hold at least a bachelor’s degree');
      return;
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
      return;
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
