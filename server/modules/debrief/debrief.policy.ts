import { type ReadScope } from '../../common/scope';
import { Role } from '../auth/role';
import { postingPolicy } from '../posting/posting.policy';

/** Debriefs: whoever may read one of the postings discussed. */
const read: ReadScope = (qb, a, viewer) => {
  if (viewer.role === Role.ORG_ADMIN || viewer.role === Role.ANALYST) return;
  const sub = qb
    .subQuery()
    .select('1')
    .from('debrief_posting', `${a}_dp`)
    .innerJoin('posting', `${a}_p`, `${a}_p.id = ${a}_dp.posting_id`)
    .where(`${a}_dp.debrief_id = ${a}.id`);
  postingPolicy.read(sub, `${a}_p`, viewer);
  qb.andWhere(`EXISTS ${sub.getQuery()}`, sub.getParameters());
};

/** Experience articles: published ones are public to signed-in users; drafts follow the posting. */
const readArticles: ReadScope = (qb, a, viewer) => {
  if (viewer.role === Role.ORG_ADMIN || viewer.role === Role.ANALYST) return;
  const sub = qb
    .subQuery()
    .select('1')
    .from('posting', `${a}_p`)
    .where(`${a}_p.id = ${a}.posting_id`);
  postingPolicy.read(sub, `${a}_p`, viewer);
  qb.andWhere(
    `(cardinality(${a}.published_in) > 0 OR EXISTS ${sub.getQuery()})`,
    sub.getParameters(),
  );
};

export const debriefPolicy = { read, readArticles };
