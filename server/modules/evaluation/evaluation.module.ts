import { actionsOn, defineModule } from '../../common/module';
import { EvaluationMutationResolver } from './evaluation-mutation.resolver';
import { EvaluationStatisticsIndexes1765800000300 } from './migrations/1765800000300-statistics-indexes';
import { Evaluation } from './evaluation.entity';
import { EvaluationErrorCode } from './evaluation.errors';
import { evaluationLifecycle } from './evaluation.lifecycle';
import { SCORE_COLUMNS } from './evaluation-enums';
import { evaluationPolicy } from './evaluation.policy';
import { EvaluationResolver } from './evaluation.resolver';
import { EvaluationListIndexes1765900000600 } from './migrations/1765900000600-evaluation-list-indexes';

/** What the audit trail records of evaluations. */
const evaluationActions = actionsOn('Evaluation', [
  'evaluation.create',
  'evaluation.update',
  'evaluation.submit',
  'evaluation.finalize',
  'evaluation.return',
]);

declare module '../../common/module' {
  interface NodeTypes {
    Evaluation: Evaluation;
  }
  interface AuditActionSets {
    evaluation: typeof evaluationActions;
  }
}

/** Evaluations (考核): routine, tracking inspection and final, with the EXCELLENT quota. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  entities: [Evaluation],
  resolvers: [EvaluationResolver, EvaluationMutationResolver],
  nodes: {
    Evaluation: {
      entity: Evaluation,
      alias: 'evaluation',
      scope: evaluationPolicy.read,
      // Computed from the dimension scores; the overall score also by kind and status.
      reads: {
        scores: Object.values(SCORE_COLUMNS),
        averageScore: Object.values(SCORE_COLUMNS),
        overallScore: ['kind', 'status', ...Object.values(SCORE_COLUMNS)],
      },
      references: {
        posting: { type: 'Posting', column: 'postingId' },
        evaluator: { type: 'User', column: 'evaluatorId' },
      },
    },
  },
  userErrorCodes: EvaluationErrorCode,
  auditActions: evaluationActions,
  lifecycles: [evaluationLifecycle],
  migrations: [EvaluationStatisticsIndexes1765800000300, EvaluationListIndexes1765900000600],
  constraintErrors: {
    evaluation_one_final_per_posting: {
      code: EvaluationErrorCode.FINAL_EVALUATION_EXISTS,
      message: { en: 'The posting already has a FINAL evaluation', zh: '该挂职已有期满考核' },
    },
  },
  sqlRules: ['sql/excellent-quota.sql'],
});
