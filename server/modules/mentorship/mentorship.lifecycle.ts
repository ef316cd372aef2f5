import { defineLifecycle } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';

/**
 * Mentoring (帮带) is active until it ends: when a new mentor replaces it, or when its posting
 * is completed or terminated (that ending is one UPDATE of every active mentorship of the
 * posting, in posting-lifecycle.service.ts). The state is read from the end date: no column.
 */
export const mentorshipMachine = new StateMachine(['ACTIVE', 'ENDED'], 'ACTIVE', {
  'mentorship.end': { from: ['ACTIVE'], to: 'ENDED' },
});

export const mentorshipLifecycle = defineLifecycle({
  type: 'Mentorship',
  machine: mentorshipMachine,
  // Undefined on a new record until it is read back: still active.
  stateOf: (mentorship) => (mentorship.endDate ? 'ENDED' : 'ACTIVE'),
  refuse: (mentorship) =>
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      {
        en: `The mentoring ended on ${mentorship.endDate}`,
        zh: `该帮带已于 ${mentorship.endDate} 结束`,
      },
      'mentorshipId',
    ),
});
