import { requireViewer, type Context, type TxContext } from '../../context';
import { runMutation, type MutationResult } from '../../common/mutation';
import { records, type ChangeOptions } from '../../common/records';
import type { Evaluation } from './evaluation.entity';
import { evaluationPolicy } from './evaluation.policy';

/**
 * Locks an evaluation (FOR UPDATE, so concurrent changes queue and the later one sees the new
 * version), checks that the viewer may change it before anything else, and hands the step to the
 * write kernel (lifecycle, version, audit).
 */
export function changeEvaluation(
  ctx: Context,
  evaluationId: string,
  step: ChangeOptions<'Evaluation'>,
  change: (evaluation: Evaluation, ctx: TxContext) => void | Promise<void>,
): Promise<MutationResult<Evaluation>> {
  return runMutation(ctx, async (ctx) => {
    const ref = { globalId: evaluationId, field: 'evaluationId' };
    const evaluation = await records.lock(ctx, 'Evaluation', ref);
    evaluationPolicy.may.edit(requireViewer(ctx), evaluation);
    return records.change(ctx, 'Evaluation', evaluation, step, (e) => change(e, ctx));
  });
}
