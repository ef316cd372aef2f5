import { defineUserErrorCodes } from '../../common/user-error';

/** Why an alert follow-up (acknowledge, assign) refuses its input. */
export const AlertErrorCode = defineUserErrorCodes({
  ALERT_CLEARED: 'The alert has cleared (已解除): there is nothing left to follow up.',
  ALREADY_ACKNOWLEDGED:
    'Someone else acknowledged the alert first (已阅知): the first acknowledgement stands; only its author may change its note.',
  ASSIGNEE_NOT_CONCERNED:
    'The assignee must be an active org-department user, or a manager of the posting’s sending or receiving unit.',
});
