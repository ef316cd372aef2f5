import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';
import { EvaluationErrorCode } from './evaluation.errors';
import { EvaluationStatus } from './evaluation-enums';

const { DRAFT, SUBMITTED, FINALIZED } = EvaluationStatus;

/**
 * An evaluation's review (DESIGN §2): its author edits the DRAFT and submits it, the org
 * department finalizes it or returns it to DRAFT with a reason; a FINALIZED evaluation is immutable.
 */
export const evaluationMachine = new StateMachine(Object.values(EvaluationStatus), DRAFT, {
  'evaluation.update': { from: [DRAFT] },
  'evaluation.submit': { from: [DRAFT], to: SUBMITTED },
  'evaluation.finalize': { from: [SUBMITTED], to: FINALIZED },
  // The way out of SUBMITTED when finalizing is refused (e.g. by the EXCELLENT quota): the org
  // department sends it back to its author, with a reason.
  'evaluation.return': { from: [SUBMITTED], to: DRAFT },
});

type EvaluationStep = (typeof evaluationMachine.events)[number];

const ONLY: Record<EvaluationStep, string> = {
  'evaluation.update': 'Only a DRAFT can be edited',
  'evaluation.submit': 'Only a DRAFT can be submitted',
  'evaluation.finalize': 'Only a SUBMITTED evaluation can be finalized',
  'evaluation.return': 'Only a SUBMITTED evaluation can be returned',
};

export const evaluationLifecycle = defineLifecycle({
  type: 'Evaluation',
  machine: evaluationMachine,
  ...statusColumn,
  refuse: (evaluation, step, status) => {
    if (status === FINALIZED) {
      refuse(EvaluationErrorCode.EVALUATION_FINALIZED, 'A finalized evaluation cannot change');
    }
    refuse(CommonErrorCode.INVALID_TRANSITION, `${ONLY[step]} (it is ${evaluation.status})`);
  },
});
