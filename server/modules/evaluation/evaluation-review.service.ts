import type { Context, TxContext } from '../../context';
import { refuse, type MutationResult } from '../../common/mutation';
import { EvaluationErrorCode } from './evaluation.errors';
import { Policy } from '../policy/policy.entity';
import { thousandths } from '../policy/policy.rules';
import { POLICY_ID } from '../policy/policy.service';
import { Posting } from '../posting/posting.entity';
import { Unit } from '../unit/unit.entity';
import type {
  FinalizeEvaluationInput,
  SubmitEvaluationInput,
} from './dto/evaluation-mutation.inputs';
import { changeEvaluation } from './evaluation-change';
import { EvaluationKind, Grade } from './evaluation-enums';
import { evaluationScoringService } from './evaluation-scoring.service';
import type { Evaluation } from './evaluation.entity';
import { checkComplete } from './evaluation.rules';

/** The review steps: the author submits a complete draft, the org department finalizes it. */
export class EvaluationReviewService {
  submit(ctx: Context, input: SubmitEvaluationInput): Promise<MutationResult<Evaluation>> {
    const step = { action: 'evaluation.submit', expectedVersion: input.version } as const;
    return changeEvaluation(ctx, input.evaluationId, step, checkComplete);
  }

  finalize(ctx: Context, input: FinalizeEvaluationInput): Promise<MutationResult<Evaluation>> {
    const step = { action: 'evaluation.finalize', expectedVersion: input.version } as const;
    return changeEvaluation(ctx, input.evaluationId, step, async (e, ctx) => {
      // One finalization per posting at a time, so a FINAL's frozen score counts every component
      // finalized before it and none after.
      await ctx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('evaluation-finalize'), $1)`, [
        e.postingId,
      ]);
      if (e.kind === EvaluationKind.FINAL) {
        if (e.grade === Grade.EXCELLENT) await checkExcellentQuota(ctx, e);
        e.overallScore = await evaluationScoringService.frozenScore(ctx.tx, e);
      }
      e.finalizedAt = new Date();
    });
  }
}

/**
 * 优秀比例: among FINAL evaluations whose posting's receiving unit is of the same kind, dated in
 * the same calendar year, the finalized EXCELLENT ones may number max(1, floor(quota × the
 * SUBMITTED and FINALIZED ones)), the one being finalized (SUBMITTED) included. Drafts do not
 * count: opening them must not raise the allowance. An advisory lock on (kind, year) makes
 * concurrent finalizations queue, so each counts what the one before it committed.
 */
async function checkExcellentQuota(ctx: TxContext, evaluation: Evaluation): Promise<void> {
  const posting = await ctx.tx.findOneByOrFail(Posting, { id: evaluation.postingId });
  const unit = await ctx.tx.findOneByOrFail(Unit, { id: posting.receivingUnitId });
  const year = Number(evaluation.date.slice(0, 4));
  await ctx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('excellent-quota'), hashtext($1))`, [
    `${unit.kind}:${year}`,
  ]);
  const policy = await ctx.tx.findOneByOrFail(Policy, { id: POLICY_ID });
  const [counts] = (await ctx.tx.query(
    `SELECT count(*)::int AS finals,
            (count(*) FILTER (WHERE e.status = 'FINALIZED' AND e.grade = 'EXCELLENT'))::int AS excellent
       FROM evaluation e
       JOIN posting p ON p.id = e.posting_id
       JOIN unit u ON u.id = p.receiving_unit_id
      WHERE e.kind = 'FINAL' AND e.status IN ('SUBMITTED', 'FINALIZED') AND u.kind = $1
        AND e.date >= make_date($2::int, 1, 1) AND e.date < make_date($2::int + 1, 1, 1)`,
    [unit.kind, year],
  )) as { finals: number; excellent: number }[];
  // Integer thousandths: 0.57 × 100 must give 57, not 56.99….
  const allowed = Math.max(
    1,
    Math.floor((thousandths(policy.excellentQuota) * counts.finals) / 1000),
  );
  if (counts.excellent + 1 > allowed) {
    refuse(
      EvaluationErrorCode.EXCELLENT_QUOTA_EXCEEDED,
      `${unit.kind} units may have ${allowed} EXCELLENT FINAL grade(s) in ${year} of ` +
        `${counts.finals} submitted or finalized (quota ${policy.excellentQuota}); ` +
        `${counts.excellent} already finalized`,
      'evaluationId',
    );
  }
}

export const evaluationReviewService = new EvaluationReviewService();
