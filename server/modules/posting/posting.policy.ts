import { NOTHING, param, type ReadScope } from '../../common/scope';
import { Role } from '../../common/role';

/**
 * Postings a viewer may read (DESIGN §4): a unit manager keeps the postings the unit sent or
 * received for good; a mentor sees current mentees' postings; a cadre their own.
 */
const read: ReadScope = (qb, a, viewer) => {
  const unit = param(a, 'unit');
  const self = param(a, 'self');
  switch (viewer.role) {
    case Role.ORG_ADMIN:
    case Role.ANALYST:
      return;
    case Role.UNIT_MANAGER:
      qb.andWhere(`(${a}.sending_unit_id = :${unit} OR ${a}.receiving_unit_id = :${unit})`, {
        [unit]: viewer.unitId,
      });
      return;
    case Role.MENTOR:
      qb.andWhere(
        `(${a}.cadre_id = :${self} OR EXISTS (SELECT 1 FROM mentorship pm WHERE pm.posting_id = ${a}.id
          AND pm.mentor_id = :${self} AND pm.end_date IS NULL))`,
        { [self]: viewer.cadreId },
      );
      return;
    case Role.CADRE:
      qb.andWhere(`${a}.cadre_id = :${self}`, { [self]: viewer.cadreId });
      return;
    default:
      qb.andWhere(NOTHING);
  }
};

export interface PostingRecordRule {
  /** Readable by the posted cadre themself (CADRE, or a MENTOR reading own records). */
  ownRecords: 'all' | 'finalized' | 'none';
  /** Readable by the mentor of the posting. */
  mentor: boolean;
}

/**
 * Records attached to a posting (mentorships, reports, evaluations …). A receiving unit's manager
 * keeps only what was written while the posting was open; the sending unit keeps everything.
 */
function readRecords(
  rule: PostingRecordRule,
  postingIdOf = (a: string) => `${a}.posting_id`,
): ReadScope {
  return (qb, a, viewer) => {
    const postingId = postingIdOf(a);
    const unit = param(a, 'unit');
    const self = param(a, 'self');
    const own =
      rule.ownRecords === 'none'
        ? NOTHING
        : `EXISTS (SELECT 1 FROM posting op WHERE op.id = ${postingId} AND op.cadre_id = :${self})` +
          (rule.ownRecords === 'finalized' ? ` AND ${a}.status = 'FINALIZED'` : '');
    switch (viewer.role) {
      case Role.ORG_ADMIN:
      case Role.ANALYST:
        return;
      case Role.UNIT_MANAGER:
        qb.andWhere(
          `EXISTS (SELECT 1 FROM posting up WHERE up.id = ${postingId} AND (up.sending_unit_id = :${unit}
            OR (up.receiving_unit_id = :${unit} AND (up.actual_end_date IS NULL
              OR ${a}.created_at < up.actual_end_date + 1))))`,
          { [unit]: viewer.unitId },
        );
        return;
      case Role.MENTOR: {
        const mentee = rule.mentor
          ? `EXISTS (SELECT 1 FROM mentorship rm WHERE rm.posting_id = ${postingId}
              AND rm.mentor_id = :${self} AND rm.end_date IS NULL)`
          : NOTHING;
        qb.andWhere(`((${own}) OR ${mentee})`, { [self]: viewer.cadreId });
        return;
      }
      case Role.CADRE:
        qb.andWhere(`(${own})`, { [self]: viewer.cadreId });
        return;
      default:
        qb.andWhere(NOTHING);
    }
  };
}

export const postingPolicy = { read, readRecords };
