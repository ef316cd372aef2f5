import { refuse } from '../../common/mutation';
import { CommonErrorCode } from '../../common/user-error';
import { SelectionErrorCode } from './selection.errors';
import { type Candidate, InspectionResult } from './candidate.entity';
import { type SelectionRound, SelectionRoundStatus } from './selection-round.entity';

export function expectRoundOpen(round: SelectionRound): void {
  if (round.status !== SelectionRoundStatus.OPEN) {
    refuse(SelectionErrorCode.ROUND_CLOSED, `The round “${round.name}” is closed`);
  }
}

/** Selection needs both scores and a passed organisational inspection. */
export function checkSelectable(candidate: Candidate): void {
  if (candidate.writtenExamScore === null || candidate.interviewScore === null) {
    refuse(
      SelectionErrorCode.SCORES_MISSING,
      'Record the written exam and interview scores before selecting',
      'candidateId',
    );
  }
  if (candidate.inspectionResult !== InspectionResult.PASS) {
    refuse(
      SelectionErrorCode.INSPECTION_NOT_PASSED,
      candidate.inspectionResult === InspectionResult.FAIL
        ? 'The candidate failed the organisational inspection'
        : 'Record a passed organisational inspection before selecting',
      'candidateId',
    );
  }
}

/** `selected` must be counted while the round row is locked FOR UPDATE, or two selections race. */
export function checkQuota(round: SelectionRound, selected: number): void {
  if (selected >= round.quota) {
    refuse(
      SelectionErrorCode.QUOTA_EXCEEDED,
      `The round has selected ${selected} of its ${round.quota} places`,
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
      'Training cannot be completed in the future',
      'completedAt',
    );
  }
  if (completedAt < candidate.createdAt) {
    refuse(
      CommonErrorCode.INVALID_DATES,
      'Training cannot be completed before the nomination',
      'completedAt',
    );
  }
}
