import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { labelOf } from '../../common/labels';
import type { Text } from '../../common/text';
import { POSTING_STATUS_LABELS } from './posting.labels';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';
import { PostingStatus } from './posting-type';

const { PLANNED, ACTIVE, COMPLETED, TERMINATED } = PostingStatus;

/**
 * A posting's lifecycle (DESIGN §2): PLANNED → ACTIVE → COMPLETED, PLANNED | ACTIVE → TERMINATED,
 * ACTIVE → ACTIVE by an extension; only a PLANNED posting is edited. COMPLETED and TERMINATED end it.
 */
export const postingMachine = new StateMachine(Object.values(PostingStatus), PLANNED, {
  'posting.update': { from: [PLANNED] },
  'posting.activate': { from: [PLANNED], to: ACTIVE },
  'posting.extend': { from: [ACTIVE] },
  'posting.complete': { from: [ACTIVE], to: COMPLETED },
  'posting.terminate': { from: [PLANNED, ACTIVE], to: TERMINATED },
});

type PostingStep = (typeof postingMachine.events)[number];

/** How each refused step reads: "Only a PLANNED posting can be <done>". */
const DONE: Record<PostingStep, Text> = {
  'posting.update': { en: 'edited', zh: '修改' },
  'posting.activate': { en: 'activated', zh: '到岗' },
  'posting.extend': { en: 'extended', zh: '延期' },
  'posting.complete': { en: 'completed', zh: '期满返回' },
  'posting.terminate': { en: 'terminated', zh: '终止' },
};

export const postingLifecycle = defineLifecycle({
  type: 'Posting',
  machine: postingMachine,
  ...statusColumn,
  refuse: (posting, step) => {
    const from = postingMachine.transitions[step].from;
    const article = from[0] === ACTIVE ? 'an' : 'a';
    refuse(CommonErrorCode.INVALID_TRANSITION, {
      en: `Only ${article} ${from.join(' or ')} posting can be ${DONE[step].en} (it is ${posting.status})`,
      zh: `只有${from.map((s) => labelOf(POSTING_STATUS_LABELS, s)).join('或')}的挂职可以${DONE[step].zh}（当前状态：${labelOf(POSTING_STATUS_LABELS, posting.status)}）`,
    });
  },
});
