import type { Context } from '../../context';
import { MAX_PAGE_SIZE } from '../../common/pagination';
import { POLICY_ID } from '../policy/policy.service';
import { thousandths } from '../policy/policy.rules';
import {
  EvaluationDimension,
  EvaluationKind,
  EvaluationStatus,
  SCORE_COLUMNS,
  type ScoreColumns,
} from './evaluation-enums';
import type { Evaluation } from './evaluation.entity';
import { evaluationService } from './evaluation.service';

/** Mean of the dimensions scored, unrounded; null when none is. */
export function meanScore(scores: ScoreColumns): number | null {
  const given = Object.values(EvaluationDimension)
    .map((d) => scores[SCORE_COLUMNS[d]])
    .filter((s): s is number => s !== null);
  return given.length === 0 ? null : given.reduce((sum, s) => sum + s, 0) / given.length;
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;

export interface ScoreWeights {
  routineWeight: number;
  trackingWeight: number;
  finalWeight: number;
}

export interface ScoreComponents {
  /** Means of the posting's finalized ROUTINE evaluations. */
  routine: number[];
  /** Means of its finalized TRACKING_INSPECTION evaluations. */
  tracking: number[];
  /** The FINAL evaluation's own mean. */
  final: number | null;
}

/**
 * The FINAL score: Σ weight × component / Σ weight over the components present, so a missing
 * component's weight is shared out in proportion (renormalised); rounded to 2 decimals.
 */
export function weightedOverall(weights: ScoreWeights, parts: ScoreComponents): number | null {
  const average = (xs: number[]) =>
    xs.length === 0 ? null : xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const terms: [number, number | null][] = [
    [thousandths(weights.routineWeight), average(parts.routine)],
    [thousandths(weights.trackingWeight), average(parts.tracking)],
    [thousandths(weights.finalWeight), parts.final],
  ];
  let total = 0;
  let weight = 0;
  for (const [w, value] of terms) {
    if (value === null) continue;
    total += w * value;
    weight += w;
  }
  return weight === 0 ? null : round2(total / weight);
}

/** Scores derived from several evaluations; loads through the request's batched lists. */
export class EvaluationScoringService {
  async overallScore(ctx: Context, evaluation: Evaluation): Promise<number | null> {
    if (evaluation.kind !== EvaluationKind.FINAL) return null;
    const [policy, others] = await Promise.all([
      ctx.loaders.Policy.load(POLICY_ID),
      this.finalizedComponents(ctx, evaluation.postingId),
    ]);
    if (!policy) return null;
    const meansOf = (kind: EvaluationKind) =>
      others
        .filter((e) => e.kind === kind)
        .map(meanScore)
        .filter((m): m is number => m !== null);
    return weightedOverall(policy, {
      routine: meansOf(EvaluationKind.ROUTINE),
      tracking: meansOf(EvaluationKind.TRACKING_INSPECTION),
      final: meanScore(evaluation),
    });
  }

  /** The posting's finalized ROUTINE and TRACKING_INSPECTION evaluations, all pages. */
  private async finalizedComponents(ctx: Context, postingId: number): Promise<Evaluation[]> {
    const filter = {
      kind: [EvaluationKind.ROUTINE, EvaluationKind.TRACKING_INSPECTION],
      status: [EvaluationStatus.FINALIZED],
    };
    const found: Evaluation[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await evaluationService.list(
        ctx,
        { first: MAX_PAGE_SIZE, after, filter },
        postingId,
      );
      found.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return found;
      after = page.pageInfo.endCursor;
    }
  }
}

export const evaluationScoringService = new EvaluationScoringService();
