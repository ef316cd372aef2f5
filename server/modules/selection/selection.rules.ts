import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import { SelectionErrorCode } from './selection.errors';
import { type Candidate, InspectionResult } from './candidate.entity';
import { type SelectionRound, SelectionRoundStatus } from './selection-round.entity';

export function expectRoundOpen(round: SelectionRound): void {
  if (round.status !== SelectionRoundStatus.OPEN) {
    refuse(SelectionErrorCode.ROUND_CLOSED, {
      en: `The round “${round.name}” is closed`,
      zh: `选派批次“${round.name}”已结束`,
    });
  }
}

/** Selection needs both scores and a passed organisational inspection. */
export function checkSelectable(candidate: Candidate): void {
  if (candidate.writtenExamScore === null || candidate.interviewScore === null) {
    refuse(
      SelectionErrorCode.SCORES_MISSING,
      {
        en: 'Record the written exam and interview scores before selecting',
        zh: '确定人选前须登记笔试和面试成绩',
      },
      'candidateId',
    );
  }
  if (candidate.inspectionResult !== InspectionResult.PASS) {
    refuse(
      SelectionErrorCode.INSPECTION_NOT_PASSED,
      candidate.inspectionResult === InspectionResult.FAIL
        ? { en: 'The candidate failed the organisational inspection', zh: '该人选未通过组织考察' }
        : {
            en: 'Record a passed organisational inspection before selecting',
            zh: '确定人选前须登记通过的组织考察结果',
          },
      'candidateId',
    );
  }
}

/** `selected` must be counted while the round row is locked FOR UPDATE, or two selections race. */
export function checkQuota(round: SelectionRound, selected: number): void {
  if (selected >= round.quota) {
    refuse(
      SelectionErrorCode.QUOTA_EXCEEDED,
      {
        en: `The round has selected ${selected} of its ${round.quota} places`,
        zh: `本批次名额 ${round.quota} 个，已确定 ${selected} 人`,
      },
      'candidateId',
    );
  }
}

/** Clients' clocks run a little ahead of the server's; "now" from a client must still pass. */
const CLOCK_SKEW_MS = 5 * 60_000;

export function checkTrainingDate(candidate: Candidate, completedAt: Date, now: Date): void {
  if (completedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      { en: 'Training cannot be completed in the future', zh: '岗前培训完成日期不能晚于今天' },
      'completedAt',
    );
  }
  if (completedAt < candidate.createdAt) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      {
        en: 'Training cannot be completed before the nomination',
        zh: '岗前培训完成日期不能早于推荐日期',
      },
      'completedAt',
    );
  }
}
