import { forbidden } from '../../common/errors';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
import { postingPolicy } from '../posting/posting.policy';
import { EvaluationKind } from './evaluation-enums';
import type { Evaluation } from './evaluation.entity';

/** A cadre sees own evaluations once FINALIZED; a mentor those of current mentees. */
const read = postingPolicy.readRecords({ ownRecords: 'finalized', mentor: true });

/**
 * Evaluators' comments and inspection findings are withheld from analysts and from mentors, except
 * a mentor reading their own evaluations as the posted cadre.
 */
function assertNarrative(viewer: Viewer, evaluatedCadreId: number | null): void {
  const ownAsCadre = viewer.cadreId !== null && viewer.cadreId === evaluatedCadreId;
  if (viewer.role === Role.ANALYST || (viewer.role === Role.MENTOR && !ownAsCadre)) {
    throw forbidden('Evaluation comments and findings are not visible to your role');
  }
}

/**
 * Who drafts which kind (DESIGN §4): the org department any; the receiving unit's manager
 * ROUTINE and FINAL; the posting's current mentor ROUTINE.
 */
function assertMayDraft(
  viewer: Viewer,
  posting: Posting,
  kind: EvaluationKind,
  isCurrentMentor: boolean,
): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  const receiving = viewer.role === Role.UNIT_MANAGER && viewer.unitId === posting.receivingUnitId;
  if (receiving && kind !== EvaluationKind.TRACKING_INSPECTION) return;
  if (viewer.role === Role.MENTOR && isCurrentMentor && kind === EvaluationKind.ROUTINE) return;
  throw forbidden(`You may not draft a ${kind} evaluation of this posting`);
}

/**
 * The author a new draft records (考核人): a signed-in person. An API key has no user, and a draft
 * without an author could be edited by no one but the org department.
 */
function authorOf(viewer: Viewer): number {
  if (viewer.userId === null) {
    throw forbidden('API keys cannot author evaluations; sign in as a person');
  }
  return viewer.userId;
}

/** A draft is its author's to edit and submit; the org department may step in. */
function assertMayEdit(viewer: Viewer, evaluation: Evaluation): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  // Never null = null: an authorless draft belongs to no key and no user.
  if (evaluation.evaluatorId !== null && evaluation.evaluatorId === viewer.userId) return;
  throw forbidden('Only the evaluation’s author may change it');
}

export const evaluationPolicy = { read, assertNarrative, assertMayDraft, authorOf, assertMayEdit };
