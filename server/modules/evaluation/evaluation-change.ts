import { requireViewer, type Context, type TxContext } from '../../context';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { EvaluationErrorCode } from './evaluation.errors';
import { auditService, snapshot } from '../audit/audit.service';
import { EvaluationStatus } from './evaluation-enums';
import type { Evaluation } from './evaluation.entity';
import { evaluationPolicy } from './evaluation.policy';

/**
 * Locks an evaluation (FOR UPDATE, so concurrent changes queue and the later one sees the new
 * version), checks that the viewer may change it, applies `change`, bumps the version and audits.
 */
export function changeEvaluation(
  ctx: Context,
  evaluationId: string,
  action: string,
  change: (ctx: TxContext, evaluation: Evaluation) => Promise<void>,
): Promise<MutationResult<Evaluation>> {
  return runMutation(ctx, async (ctx) => {
    const evaluation = await lockByGlobalId(ctx, 'Evaluation', evaluationId, 'evaluationId');
    evaluationPolicy.assertMayEdit(requireViewer(ctx), evaluation);
    const before = snapshot(evaluation);
    await change(ctx, evaluation);
    evaluation.version += 1;
    const saved = await ctx.tx.save(evaluation);
    await auditService.record(ctx, {
      action,
      entity: 'Evaluation',
      entityId: evaluation.id,
      before,
      after: saved,
    });
    return saved;
  });
}

/** A finalized evaluation is immutable; any other step needs the status it starts from. */
export function expectStatus(
  evaluation: Evaluation,
  status: EvaluationStatus,
  message: string,
): void {
  if (evaluation.status === EvaluationStatus.FINALIZED) {
    refuse(EvaluationErrorCode.EVALUATION_FINALIZED, 'A finalized evaluation cannot change');
  }
  if (evaluation.status !== status) {
    refuse(CommonErrorCode.INVALID_TRANSITION, `${message} (it is ${evaluation.status})`);
  }
}
