import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { labelOf } from '../../common/labels';
import type { Text } from '../../common/text';
import { EVALUATION_STATUS_LABELS } from './evaluation.labels';
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

const ONLY: Record<EvaluationStep, Text> = {
  'evaluation.update': { en: 'Only a DRAFT can be edited', zh: '只有草稿状态的考核可以修改' },
  'evaluation.submit': { en: 'Only a DRAFT can be submitted', zh: '只有草稿状态的考核可以提交' },
  'evaluation.finalize': {
    en: 'Only a SUBMITTED evaluation can be finalized',
    zh: '只有已提交的考核可以定稿',
  },
  'evaluation.return': {
    en: 'Only a SUBMITTED evaluation can be returned',
    zh: '只有已提交的考核可以退回',
  },
};

export const evaluationLifecycle = defineLifecycle({
  type: 'Evaluation',
  machine: evaluationMachine,
  ...statusColumn,
  refuse: (evaluation, step, status) => {
    if (status === FINALIZED) {
      refuse(EvaluationErrorCode.EVALUATION_FINALIZED, {
        en: 'A finalized evaluation cannot change',
        zh: '已定稿的考核不能修改',
      });
    }
    refuse(CommonErrorCode.INVALID_TRANSITION, {
      en: `${ONLY[step].en} (it is ${evaluation.status})`,
      zh: `${ONLY[step].zh}（当前状态：${labelOf(EVALUATION_STATUS_LABELS, evaluation.status)}）`,
    });
  },
});
