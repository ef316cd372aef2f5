import { type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';
import { postingPolicy } from '../posting/posting.policy';

/**
 * Debriefs and articles are records of their postings: the sending unit, the cadre and the current
 * mentor read them; a receiving unit only those written while the posting was open, which a
 * debrief (held after the return) never is.
 */
const debriefOfPosting = (a: string) => `${a}_dp.posting_id`;
const asRecordOfDebriefPosting = postingPolicy.readRecords(
  { ownRecords: 'all', mentor: true },
  debriefOfPosting,
);
const asRecordOfPosting = postingPolicy.readRecords({ ownRecords: 'all', mentor: true });

const read: ReadScope = (qb, a, viewer) => {
  if (viewer.role === Role.ORG_ADMIN || viewer.role === Role.ANALYST) return;
  const sub = qb
    .subQuery()
    .select('1')
    .from('debrief_posting', `${a}_dp`)
    .where(`${a}_dp.debrief_id = ${a}.id`);
  asRecordOfDebriefPosting(sub, a, viewer);
  qb.andWhere(`EXISTS ${sub.getQuery()}`, sub.getParameters());
};

/** Published articles (简报, 通报, 网站) are public to signed-in users; drafts are records. */
const readArticles: ReadScope = (qb, a, viewer) => {
  if (viewer.role === Role.ORG_ADMIN || viewer.role === Role.ANALYST) return;
  const sub = qb
    .subQuery()
    .select('1')
    .from('experience_article', `${a}_self`)
    .where(`${a}_self.id = ${a}.id`);
  asRecordOfPosting(sub, a, viewer);
  qb.andWhere(
    `(cardinality(${a}.published_in) > 0 OR EXISTS ${sub.getQuery()})`,
    sub.getParameters(),
  );
};

export const debriefPolicy = { read, readArticles };
