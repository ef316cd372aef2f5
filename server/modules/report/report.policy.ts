import { forbidden } from '../../common/errors';
import { Role } from '../../common/role';
import type { Viewer } from '../../common/viewer';
import type { Posting } from '../posting/posting.entity';
import { postingPolicy } from '../posting/posting.policy';

/** Feedback reports go to the sending unit and the org department; mentors read their mentees'. */
const read = postingPolicy.readRecords({ ownRecords: 'none', mentor: true });

/** The receiving unit reports on the cadre it hosts (DESIGN §4); the sending unit only reads. */
function assertMaySubmit(viewer: Viewer, posting: Posting): void {
  if (viewer.role === Role.ORG_ADMIN) return;
  if (viewer.role === Role.UNIT_MANAGER && viewer.unitId === posting.receivingUnitId) return;
  throw forbidden('Only the receiving unit reports on this posting');
}

export const reportPolicy = { read, assertMaySubmit };
