import { permission, staffOnly } from '../../common/permission';
import type { Posting } from '../posting/posting.entity';
import { postingPolicy } from '../posting/posting.policy';

/** Feedback reports go to the sending unit and the org department; mentors read their mentees'. */
const read = postingPolicy.readRecords({ ownRecords: 'none', mentor: true });

const may = {
  /** Reports are staff paperwork: a cadre is reported on, and reads none of them. */
  list: staffOnly,
  /** The receiving unit reports on the cadre it hosts (DESIGN §4); the sending unit only reads. */
  submit: permission<[Posting]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: (viewer, posting) => viewer.unitId === posting.receivingUnitId,
      MENTOR: false,
      CADRE: false,
      ANALYST: false,
    },
    {
      en: 'Only the receiving unit reports on this posting',
      zh: '只有接收单位可以报送该挂职的情况反馈',
    },
  ),
  /**
   * Following a unit's reports live: the readers of reports; a unit manager for their own unit
   * (the row scope then picks what each may read).
   */
  watch: permission<[unitId: number]>(
    {
      ORG_ADMIN: true,
      UNIT_MANAGER: (viewer, unitId) => viewer.unitId === unitId,
      MENTOR: true,
      CADRE: false,
      ANALYST: true,
    },
    {
      en: "A unit manager follows their own unit's reports only",
      zh: '单位管理员只能订阅本单位的情况反馈',
    },
  ),
};

export const reportPolicy = { read, may };
