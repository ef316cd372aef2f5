import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';
import { SelectionErrorCode } from './selection.errors';
import { CandidateStatus } from './candidate.entity';
import { SelectionRoundStatus } from './selection-round.entity';

const { NOMINATED, SHORTLISTED, SELECTED, REJECTED } = CandidateStatus;

/**
 * A candidate's way through selection (DESIGN §2): NOMINATED → SHORTLISTED → SELECTED | REJECTED.
 * A nominee may be rejected without being shortlisted (failed exam or inspection). SELECTED and
 * REJECTED are final: a reversed decision belongs in a new round, not an edit. Scores and the
 * inspection are recorded before the decision, training (岗前培训) after selection.
 */
export const candidateMachine = new StateMachine(Object.values(CandidateStatus), NOMINATED, {
  'candidate.recordScores': { from: [NOMINATED, SHORTLISTED] },
  'candidate.recordInspection': { from: [NOMINATED, SHORTLISTED] },
  'candidate.shortlist': { from: [NOMINATED], to: SHORTLISTED },
  'candidate.select': { from: [SHORTLISTED], to: SELECTED },
  'candidate.reject': { from: [NOMINATED, SHORTLISTED], to: REJECTED },
  'candidate.recordTraining': { from: [SELECTED] },
});

export type CandidateStep = (typeof candidateMachine.events)[number];

const VERB: Record<CandidateStep, string> = {
  'candidate.recordScores': 'record scores of',
  'candidate.recordInspection': 'record the inspection of',
  'candidate.shortlist': 'shortlist',
  'candidate.select': 'select',
  'candidate.reject': 'reject',
  'candidate.recordTraining': 'record training of',
};

export const candidateLifecycle = defineLifecycle({
  type: 'Candidate',
  machine: candidateMachine,
  ...statusColumn,
  refuse: (candidate, step) => {
    const from = candidateMachine.transitions[step].from;
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      `Cannot ${VERB[step]} a ${candidate.status} candidate (only ${from.join(' or ')})`,
      'candidateId',
    );
  },
});

/** A selection round (选派批次) is OPEN until it is closed, for good. */
export const roundMachine = new StateMachine(
  Object.values(SelectionRoundStatus),
  SelectionRoundStatus.OPEN,
  {
    'selectionRound.close': { from: [SelectionRoundStatus.OPEN], to: SelectionRoundStatus.CLOSED },
  },
);

export const roundLifecycle = defineLifecycle({
  type: 'SelectionRound',
  machine: roundMachine,
  ...statusColumn,
  refuse: (round) =>
    refuse(
      SelectionErrorCode.ROUND_CLOSED,
      `The round “${round.name}” is already closed`,
      'roundId',
    ),
});
