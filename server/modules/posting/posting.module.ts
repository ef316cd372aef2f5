import { actionsOn, defineModule } from '../../common/module';
import { PostingNoOverlap1765600000200 } from './migrations/1765600000200-posting-no-overlap';
import { PostingPositionRank1765700000100 } from './migrations/1765700000100-posting-position-rank';
import { PostingReturnDateIndex1765800000150 } from './migrations/1765800000150-posting-return-date-index';
import { PostingMutationResolver } from './posting-mutation.resolver';
import { Posting } from './posting.entity';
import { PostingErrorCode } from './posting.errors';
import { postingLifecycle } from './posting.lifecycle';
import { postingPolicy } from './posting.policy';
import { PostingResolver } from './posting.resolver';
import { PostingSubscriptionResolver } from './posting-subscription.resolver';
import { SelectionErrorCode } from '../selection/selection.errors';
import { PostingListIndexes1765900000100 } from './migrations/1765900000100-posting-list-indexes';

/** What the audit trail records of postings. */
const postingActions = actionsOn('Posting', [
  'posting.create',
  'posting.update',
  'posting.activate',
  'posting.extend',
  'posting.complete',
  'posting.terminate',
]);

declare module '../../common/module' {
  interface NodeTypes {
    Posting: Posting;
  }
  interface AuditActionSets {
    posting: typeof postingActions;
  }
}

/** Postings (挂职): the lifecycle of one secondment and its 三定. */
export const postingModule = defineModule({
  name: 'posting',
  entities: [Posting],
  resolvers: [PostingResolver, PostingMutationResolver, PostingSubscriptionResolver],
  nodes: {
    Posting: {
      entity: Posting,
      alias: 'posting',
      scope: postingPolicy.read,
      references: {
        cadre: { type: 'Cadre', column: 'cadreId' },
        sendingUnit: { type: 'Unit', column: 'sendingUnitId' },
        receivingUnit: { type: 'Unit', column: 'receivingUnitId' },
        candidate: { type: 'Candidate', column: 'candidateId' },
      },
    },
  },
  userErrorCodes: PostingErrorCode,
  auditActions: postingActions,
  lifecycles: [postingLifecycle],
  migrations: [
    PostingNoOverlap1765600000200,
    PostingPositionRank1765700000100,
    PostingReturnDateIndex1765800000150,
    PostingListIndexes1765900000100,
  ],
  sqlRules: ['sql/posting-events.sql'],
  constraintErrors: {
    posting_no_overlap: {
      code: PostingErrorCode.POSTINGS_OVERLAP,
      message: {
        en: 'The cadre has another posting in these dates',
        zh: '该干部在这段日期内已有其他挂职',
      },
    },
    posting_one_open_per_cadre: {
      code: PostingErrorCode.CADRE_HAS_OPEN_POSTING,
      message: {
        en: 'The cadre already has a PLANNED or ACTIVE posting',
        zh: '该干部已有拟派或在岗的挂职',
      },
    },
    posting_candidate_id_key: {
      code: SelectionErrorCode.CANDIDATE_NOT_READY,
      message: { en: 'This candidate already has a posting', zh: '该人选已安排挂职' },
    },
  },
});
