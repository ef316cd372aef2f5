import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';
import { EvaluationErrorCode } from './evaluation.errors';
import { EvaluationStatus } from './evaluation-enums';

const { DRAFT, SUBMITTED, FINALIZED } = EvaluationStatus;

/**
 * An evaluation's review (DESIGN §2): its author edits the DRAFT and submits it, the org
 * department finalizes it; a FINALIZED evaluation is immutable.
 */
export const evaluationMachine = new StateMachine(Object.values(EvaluationStatus), DRAFT, {
  'evaluation.update': { from: [DRAFT] },
  'evaluation.submit': { from: [DRAFT], to: SUBMITTED },
  'evaluation.finalize': { from: [SUBMITTED], to: FINALIZED },
});

type EvaluationStep = (typeof evaluationMachine.events)[number];

const ONLY: Record<EvaluationStep, string> = {
  'evaluation.update': 'Only a DRAFT can be edited',
  'evaluation.submit': 'Only a DRAFT can be submitted',
  'evaluation.finalize': 'Only a SUBMITTED evaluation can be finalized',
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
