import { postingPolicy } from '../posting/posting.policy';

/** Feedback reports go to the sending unit and the org department; mentors read their mentees'. */
export const reportPolicy = {
  read: postingPolicy.readRecords({ ownRecords: 'none', mentor: true }),
};
