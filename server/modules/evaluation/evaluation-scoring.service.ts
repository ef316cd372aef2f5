import { In, type EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { MAX_PAGE_SIZE } from '../../common/pagination';
import { Policy } from '../policy/policy.entity';
import { POLICY_ID } from '../policy/policy.service';
import { thousandths } from '../policy/policy.rules';
import {
  EvaluationDimension,
  EvaluationKind,
  EvaluationStatus,
  SCORE_COLUMNS,
  type ScoreColumns,
} from './evaluation-enums';
import { Evaluation } from './evaluation.entity';
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

/** The FINAL score of `final` from its posting's finalized components. */
function combine(
  weights: ScoreWeights,
  components: Evaluation[],
  final: Evaluation,
): number | null {
  const meansOf = (kind: EvaluationKind) =>
    components
      .filter((e) => e.kind === kind)
      .map(meanScore)
      .filter((m): m is number => m !== null);
  return weightedOverall(weights, {
    routine: meansOf(EvaluationKind.ROUTINE),
    tracking: meansOf(EvaluationKind.TRACKING_INSPECTION),
    final: meanScore(final),
  });
}

const COMPONENT_KINDS = [EvaluationKind.ROUTINE, EvaluationKind.TRACKING_INSPECTION];

/** Scores derived from several evaluations. */
export class EvaluationScoringService {
  /**
   * What `Evaluation.overallScore` shows: a FINALIZED FINAL evaluation's frozen score (no SQL), or
   * for one not finalized yet a live preview through the request's batched lists, over the
   * components the viewer may read.
   */
  async overallScore(ctx: Context, evaluation: Evaluation): Promise<number | null> {
    if (evaluation.kind !== EvaluationKind.FINAL) return null;
    // A finalized evaluation is immutable: later weights or components never move its score.
    if (evaluation.status === EvaluationStatus.FINALIZED) return evaluation.overallScore;
    const [policy, components] = await Promise.all([
      ctx.loaders.Policy.load(POLICY_ID),
      this.finalizedComponents(ctx, evaluation.postingId),
    ]);
    return policy ? combine(policy, components, evaluation) : null;
  }

  /**
   * The score a FINAL evaluation keeps once finalized: every finalized ROUTINE and
   * TRACKING_INSPECTION evaluation of its posting, whoever may read them, with the weights in
   * force, read in the finalizing transaction.
   */
  async frozenScore(tx: EntityManager, evaluation: Evaluation): Promise<number | null> {
    const policy = await tx.findOneByOrFail(Policy, { id: POLICY_ID });
    const components = await tx.findBy(Evaluation, {
      postingId: evaluation.postingId,
      kind: In(COMPONENT_KINDS),
      status: EvaluationStatus.FINALIZED,
    });
    return combine(policy, components, evaluation);
  }

  /** The posting's finalized ROUTINE and TRACKING_INSPECTION evaluations, all pages. */
  private async finalizedComponents(ctx: Context, postingId: number): Promise<Evaluation[]> {
    const filter = { kind: COMPONENT_KINDS, status: [EvaluationStatus.FINALIZED] };
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
