import { forbidden } from '../../common/errors';
import { Role } from '../auth/role';
import type { Viewer } from '../auth/viewer';
import { postingPolicy } from '../posting/posting.policy';

/** A cadre sees own evaluations once FINALIZED; a mentor those of current mentees. */
const read = postingPolicy.readRecords({ ownRecords: 'finalized', mentor: true });

/** Evaluators' comments and inspection findings are withheld from analysts and mentors. */
function assertNarrative(viewer: Viewer): void {
  if (viewer.role === Role.ANALYST || viewer.role === Role.MENTOR) {
    throw forbidden('Evaluation comments and findings are not visible to your role');
  }
}

export const evaluationPolicy = { read, assertNarrative };
