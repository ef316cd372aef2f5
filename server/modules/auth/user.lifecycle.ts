import { defineLifecycle } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';

/**
 * An account is ACTIVE until deactivated (停用), and may be reactivated; it is never deleted, since
 * the audit trail and the records people wrote refer to it. Sign-in, password and session steps
 * need an active account; role, unit and cadre may be corrected in either state.
 */
export const userMachine = new StateMachine(['ACTIVE', 'DEACTIVATED'], 'ACTIVE', {
  'user.update': { from: ['ACTIVE', 'DEACTIVATED'] },
  'user.deactivate': { from: ['ACTIVE'], to: 'DEACTIVATED' },
  'user.reactivate': { from: ['DEACTIVATED'], to: 'ACTIVE' },
  'user.resetPassword': { from: ['ACTIVE'] },
  'user.changePassword': { from: ['ACTIVE'] },
  'user.logout': { from: ['ACTIVE'] },
  'user.revokeTokens': { from: ['ACTIVE', 'DEACTIVATED'] },
});

export const userLifecycle = defineLifecycle({
  type: 'User',
  machine: userMachine,
  stateOf: (user) => (user.isActive ? 'ACTIVE' : 'DEACTIVATED'),
  enter: (user, state) => {
    if (state === 'ACTIVE') {
      user.isActive = true;
      user.deactivatedAt = null;
    } else if (user.isActive) {
      user.isActive = false;
      user.deactivatedAt = new Date();
    }
  },
  refuse: (_user, _event, state) =>
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      state === 'ACTIVE'
        ? { en: 'The account is active', zh: '该账号已处于启用状态' }
        : {
            en: 'The account is deactivated; reactivate it first',
            zh: '该账号已停用，请先重新启用',
          },
      'userId',
    ),
});
