import { everyRole, orgAdminOnly, permission } from '../../common/permission';
import { everything, scopeByRole, type ReadScope, type RoleScope } from '../../common/scope';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
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

/** A debrief some of whose postings the viewer may read as records. */
const ofReadablePosting: ReadScope = (qb, a, viewer) => {
  const sub = qb
    .subQuery()
    .select('1')
    .from('debrief_posting', `${a}_dp`)
    .where(`${a}_dp.debrief_id = ${a}.id`);
  asRecordOfDebriefPosting(sub, a, viewer);
  qb.andWhere(`EXISTS ${sub.getQuery()}`, sub.getParameters());
};

const read: RoleScope = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: ofReadablePosting,
  MENTOR: ofReadablePosting,
  CADRE: ofReadablePosting,
});

/** Published articles (简报, 通报, 网站) are public to signed-in users; drafts are records. */
const publishedOrRecord: ReadScope = (qb, a, viewer) => {
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

const readArticles = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: publishedOrRecord,
  MENTOR: publishedOrRecord,
  CADRE: publishedOrRecord,
});

/** The posted cadre writes about their own posting (a mentor too, about their own). */
const ownPosting = (viewer: Viewer, posting: Posting) =>
  viewer.cadreId !== null && posting.cadreId === viewer.cadreId;

const may = {
  list: everyRole,
  schedule: orgAdminOnly,
  recordOutcome: orgAdminOnly,
  markPublished: orgAdminOnly,
  /**
   * Refused with NOT_OWN_POSTING (a userError) where the posting is readable but not one's own.
   * The org department records articles on a cadre's behalf (handed in on paper, 书面材料), on
   * any posting: the article is the posting's cadre's, the audit trail names who recorded it.
   */
  writeArticle: permission<[Posting]>({
    CADRE: ownPosting,
    MENTOR: ownPosting,
    ORG_ADMIN: true,
    UNIT_MANAGER: false,
    ANALYST: false,
  }),
};

export const debriefPolicy = { read, readArticles, may };
