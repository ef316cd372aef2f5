import { defineLifecycle } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CommonErrorCode } from '../../common/user-error';

/**
 * An API key works from its creation until it is revoked, for good (a new key is issued instead).
 * Expiry is a date, not a step: an expired key can still be revoked. Read from `revokedAt`.
 */
export const apiKeyMachine = new StateMachine(['ISSUED', 'REVOKED'], 'ISSUED', {
  'apiKey.revoke': { from: ['ISSUED'], to: 'REVOKED' },
});

export const apiKeyLifecycle = defineLifecycle({
  type: 'ApiKey',
  machine: apiKeyMachine,
  stateOf: (apiKey) => (apiKey.revokedAt ? 'REVOKED' : 'ISSUED'),
  refuse: () =>
    refuse(
      CommonErrorCode.INVALID_TRANSITION,
      { en: 'The key is already revoked', zh: '该 API 密钥已被吊销' },
      'apiKeyId',
    ),
});
