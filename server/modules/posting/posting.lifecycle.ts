import { defineLifecycle, statusColumn } from '../../common/lifecycle';
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
const DONE: Record<PostingStep, string> = {
  'posting.update': 'edited',
  'posting.activate': 'activated',
  'posting.extend': 'extended',
  'posting.complete': 'completed',
  'posting.terminate': 'terminated',
};

export const postingLifecycle = defineLifecycle({
  type: 'Posting',
  machine: postingMachine,
  ...statusColumn,
  refuse: (posting, step) => {
    const from = postingMachine.transitions[step].from;
    const article = from[0] === ACTIVE ? 'an' : 'a';
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      `Only ${article} ${from.join(' or ')} posting can be ${DONE[step]} (it is ${posting.status})`,
    );
  },
});
