import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import type { Text } from '../../common/text';
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

const VERB: Record<CandidateStep, Text> = {
  'candidate.recordScores': { en: 'record scores of', zh: '登记成绩' },
  'candidate.recordInspection': { en: 'record the inspection of', zh: '登记组织考察结果' },
  'candidate.shortlist': { en: 'shortlist', zh: '列入考察对象' },
  'candidate.select': { en: 'select', zh: '确定为人选' },
  'candidate.reject': { en: 'reject', zh: '淘汰' },
  'candidate.recordTraining': { en: 'record training of', zh: '登记岗前培训' },
};

/** Candidate statuses as the refusal names them in Chinese. */
const STATUS_ZH: Record<CandidateStatus, string> = {
  NOMINATED: '已推荐',
  SHORTLISTED: '考察对象',
  SELECTED: '已确定人选',
  REJECTED: '已淘汰',
};

export const candidateLifecycle = defineLifecycle({
  type: 'Candidate',
  machine: candidateMachine,
  ...statusColumn,
  refuse: (candidate, step) => {
    const from = candidateMachine.transitions[step].from;
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      {
        en: `Cannot ${VERB[step].en} a ${candidate.status} candidate (only ${from.join(' or ')})`,
        zh: `不能对状态为“${STATUS_ZH[candidate.status]}”的人选${VERB[step].zh}（仅限${from.map((s) => `“${STATUS_ZH[s]}”`).join('或')}）`,
      },
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
      { en: `The round “${round.name}” is already closed`, zh: `选派批次“${round.name}”已结束` },
      'roundId',
    ),
});
