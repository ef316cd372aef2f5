import type { Context, TxContext } from '../../context';
import { labelOf } from '../../common/labels';
import { UNIT_KIND_LABELS } from '../unit/unit.labels';
import { refuse, type MutationResult } from '../../common/mutation';
import { refuseProblems, textProblem } from '../../common/validation';
import { EvaluationErrorCode } from './evaluation.errors';
import { Posting } from '../posting/posting.entity';
import { Unit } from '../unit/unit.entity';
import type {
  FinalizeEvaluationInput,
  ReturnEvaluationInput,
  SubmitEvaluationInput,
} from './dto/evaluation-mutation.inputs';
import { changeEvaluation } from './evaluation-change';
import { EvaluationKind, Grade } from './evaluation-enums';
import { evaluationScoringService } from './evaluation-scoring.service';
import type { Evaluation } from './evaluation.entity';
import { checkComplete } from './evaluation.rules';

/**
 * The review steps: the author submits a complete draft, the org department finalizes it or
 * returns it to the author.
 */
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
      e.finalizedAt = ctx.now ?? new Date();
    });
  }

  /**
   * SUBMITTED → DRAFT with a reason, audited: the way out when finalizing is refused (a grade over
   * the EXCELLENT quota, a mistake). As a draft it leaves the quota's base, and its author may
   * edit and submit it again.
   */
  return(ctx: Context, input: ReturnEvaluationInput): Promise<MutationResult<Evaluation>> {
    const step = {
      action: 'evaluation.return',
      expectedVersion: input.version,
      reason: input.reason.trim(),
    } as const;
    return changeEvaluation(ctx, input.evaluationId, step, () => {
      refuseProblems([textProblem('reason', input.reason, { max: 2000 })]);
    });
  }
}

/**
 * 优秀比例: the finalized EXCELLENT FINAL grades of a receiving-unit kind in a calendar year stay
 * within the allowance, the one being finalized included; the base and allowance are the
 * database's rule (evaluation/sql/excellent-quota.sql), which statistics read too. An advisory
 * lock on (kind, year) makes concurrent finalizations queue, so each counts what the one before
 * it committed.
 */
async function checkExcellentQuota(ctx: TxContext, evaluation: Evaluation): Promise<void> {
  const posting = await ctx.tx.findOneByOrFail(Posting, { id: evaluation.postingId });
  const unit = await ctx.tx.findOneByOrFail(Unit, { id: posting.receivingUnitId });
  const year = Number(evaluation.date.slice(0, 4));
  await ctx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('excellent-quota'), hashtext($1))`, [
    `${unit.kind}:${year}`,
  ]);
  const [standing] = (await ctx.tx.query(
    'SELECT base, taken, allowed, quota FROM rules.excellent_quota_standing($1, $2)',
    [unit.kind, year],
  )) as { base: number; taken: number; allowed: number; quota: number }[];
  if (standing.taken + 1 > standing.allowed) {
    refuse(
      EvaluationErrorCode.EXCELLENT_QUOTA_EXCEEDED,
      {
        en:
          `${unit.kind} units may have ${standing.allowed} EXCELLENT FINAL grade(s) in ${year} of ` +
          `${standing.base} submitted or finalized (quota ${standing.quota}); ` +
          `${standing.taken} already finalized`,
        zh:
          `${year} 年${labelOf(UNIT_KIND_LABELS, unit.kind)}类接收单位已提交或定稿的期满考核共 ${standing.base} 份，` +
          `按优秀比例（${standing.quota}）最多可评 ${standing.allowed} 个优秀，已定稿 ${standing.taken} 个`,
      },
      'evaluationId',
    );
  }
}

export const evaluationReviewService = new EvaluationReviewService();
