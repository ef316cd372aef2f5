import { postingPolicy } from '../posting/posting.policy';

/** Mentorships and their sessions are records of the posting: cadre and mentor both read them. */
export const mentorshipPolicy = {
  read: postingPolicy.readRecords({ ownRecords: 'all', mentor: true }),
  readSessions: postingPolicy.readRecords(
    { ownRecords: 'all', mentor: true },
    (a) => `(SELECT sm.posting_id FROM mentorship sm WHERE sm.id = ${a}.mentorship_id)`,
  ),
};
