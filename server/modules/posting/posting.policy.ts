import { everyRole, orgAdminOnly } from '../../common/permission';
import {
  everything,
  NOTHING,
  scopeByRole,
  whereCadre,
  whereUnit,
  type RoleScope,
} from '../../common/scope';

/**
 * Postings a viewer may read (DESIGN §4): a unit manager keeps the postings the unit sent or
 * received for good; a mentor sees current mentees' postings; a cadre their own.
 */
const read = scopeByRole({
  ORG_ADMIN: everything,
  ANALYST: everything,
  UNIT_MANAGER: whereUnit(
    (a, unit) => `(${a}.sending_unit_id = ${unit} OR ${a}.receiving_unit_id = ${unit})`,
  ),
  // Own postings and mentees': as `id IN (…)` (a semi-join the planner sizes), not an OR of EXISTS,
  // which made a list walk its order's index over every posting.
  MENTOR: whereCadre(
    (a, self) =>
      `${a}.id IN (SELECT op.id FROM posting op WHERE op.cadre_id = ${self}
        UNION ALL SELECT pm.posting_id FROM mentorship pm
          WHERE pm.mentor_id = ${self} AND pm.end_date IS NULL)`,
  ),
  CADRE: whereCadre((a, self) => `${a}.cadre_id = ${self}`),
});

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
): RoleScope {
  const own = (a: string, self: string) =>
    rule.ownRecords === 'none'
      ? NOTHING
      : `EXISTS (SELECT 1 FROM posting op WHERE op.id = ${postingIdOf(a)} AND op.cadre_id = ${self})` +
        (rule.ownRecords === 'finalized' ? ` AND ${a}.status = 'FINALIZED'` : '');
  return scopeByRole({
    ORG_ADMIN: everything,
    ANALYST: everything,
    UNIT_MANAGER: whereUnit(
      (a, unit) =>
        `EXISTS (SELECT 1 FROM posting up WHERE up.id = ${postingIdOf(a)} AND (up.sending_unit_id = ${unit}
          OR (up.receiving_unit_id = ${unit} AND (up.actual_end_date IS NULL
            OR ${a}.created_at < up.actual_end_date + 1))))`,
    ),
    // As `posting IN (own ∪ mentees')`, a semi-join on the few postings, not an OR of EXISTS,
    // which made a mentor's list walk its order's index over the whole table (249 000 reports,
    // 1.4 s at scale 625). Own records that must be FINALIZED: (own ∧ finalized) ∨ mentee
    // = (own ∨ mentee) ∧ (finalized ∨ mentee).
    MENTOR: whereCadre((a, self) => {
      const postingId = postingIdOf(a);
      const ownPostings = `SELECT op.id FROM posting op WHERE op.cadre_id = ${self}`;
      const menteePostings = `SELECT rm.posting_id FROM mentorship rm
        WHERE rm.mentor_id = ${self} AND rm.end_date IS NULL`;
      if (!rule.mentor) return `(${own(a, self)})`;
      if (rule.ownRecords === 'none') return `${postingId} IN (${menteePostings})`;
      const either = `${postingId} IN (${ownPostings} UNION ALL ${menteePostings})`;
      return rule.ownRecords === 'finalized'
        ? `(${either} AND (${a}.status = 'FINALIZED' OR ${postingId} IN (${menteePostings})))`
        : either;
    }),
    CADRE: whereCadre((a, self) => `(${own(a, self)})`),
  });
}

/** Postings are set up and moved through their lifecycle by the organisation department alone. */
const may = {
  list: everyRole,
  /** Following a posting's changes live: whoever may read it (its row scope decides which). */
  watch: everyRole,
  create: orgAdminOnly,
  update: orgAdminOnly,
  activate: orgAdminOnly,
  extend: orgAdminOnly,
  complete: orgAdminOnly,
  terminate: orgAdminOnly,
};

export const postingPolicy = { read, readRecords, may };
