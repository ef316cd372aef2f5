import { actionsOn, defineModule } from '../../common/module';
import { Candidate } from './candidate.entity';
import { SelectionRound } from './selection-round.entity';
import { SelectionMutationResolver } from './selection-mutation.resolver';
import { SelectionErrorCode } from './selection.errors';
import { candidateLifecycle, roundLifecycle } from './selection.lifecycle';
import { selectionPolicy } from './selection.policy';
import { CandidateResolver, SelectionRoundResolver } from './selection.resolver';
import { CandidateListIndexes1765900000500 } from './migrations/1765900000500-candidate-list-indexes';

/** What the audit trail records of selection. */
const selectionActions = {
  ...actionsOn('SelectionRound', ['selectionRound.open', 'selectionRound.close']),
  ...actionsOn('Candidate', [
    'candidate.nominate',
    'candidate.recordScores',
    'candidate.recordInspection',
    'candidate.shortlist',
    'candidate.select',
    'candidate.reject',
    'candidate.recordTraining',
  ]),
};

declare module '../../common/module' {
  interface NodeTypes {
    SelectionRound: SelectionRound;
    Candidate: Candidate;
  }
  interface AuditActionSets {
    selection: typeof selectionActions;
  }
}

/** Selection (选派): rounds, candidates, scores, inspection and training. */
export const selectionModule = defineModule({
  name: 'selection',
  entities: [SelectionRound, Candidate],
  resolvers: [SelectionRoundResolver, CandidateResolver, SelectionMutationResolver],
  nodes: {
    SelectionRound: {
      entity: SelectionRound,
      alias: 'selection_round',
      scope: selectionPolicy.readRounds,
      reads: { remainingQuota: ['quota'] },
    },
    Candidate: {
      entity: Candidate,
      alias: 'candidate',
      scope: selectionPolicy.readCandidates,
      references: {
        round: { type: 'SelectionRound', column: 'roundId' },
        cadre: { type: 'Cadre', column: 'cadreId' },
        nominatingUnit: { type: 'Unit', column: 'nominatingUnitId' },
      },
    },
  },
  migrations: [CandidateListIndexes1765900000500],
  userErrorCodes: SelectionErrorCode,
  auditActions: selectionActions,
  lifecycles: [roundLifecycle, candidateLifecycle],
  constraintErrors: {
    candidate_round_id_cadre_id_key: {
      code: SelectionErrorCode.ALREADY_NOMINATED,
      message: {
        en: 'The cadre is already a candidate of this round',
        zh: '该干部已是本批次的人选',
      },
    },
  },
});
