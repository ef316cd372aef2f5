import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { evaluationPolicy } from './evaluation.policy';
import {
  CreateEvaluationInput,
  EvaluationPayload,
  FinalizeEvaluationInput,
  ReturnEvaluationInput,
  SubmitEvaluationInput,
  UpdateEvaluationInput,
} from './dto/evaluation-mutation.inputs';
import { evaluationDraftService as drafts } from './evaluation-draft.service';
import { evaluationReviewService as review } from './evaluation-review.service';

const draft = { description: 'The draft.' };
const change = { description: 'What to change.' };
const step = { description: 'The evaluation to move on.' };

/** Evaluation mutations: thin, each hands its input to the service. */
@Resolver()
export class EvaluationMutationResolver {
  @Allow(evaluationPolicy.may.draft)
  @Mutation(() => EvaluationPayload, {
    description:
      'Drafts an evaluation (考核): ROUTINE by the receiving unit’s manager or the current mentor, TRACKING_INSPECTION by the org department, FINAL (one per posting) by the receiving unit’s manager. The author is a signed-in person: FORBIDDEN with an API key.',
  })
  async createEvaluation(@Arg('input', draft) args: CreateEvaluationInput, @Ctx() ctx: Context) {
    return EvaluationPayload.from(await drafts.create(ctx, args));
  }

  @Allow(evaluationPolicy.may.edit)
  @Mutation(() => EvaluationPayload, {
    description: 'Edits a DRAFT evaluation, by its author (optimistic version check).',
  })
  async updateEvaluation(@Arg('input', change) args: UpdateEvaluationInput, @Ctx() ctx: Context) {
    return EvaluationPayload.from(await drafts.update(ctx, args));
  }

  @Allow(evaluationPolicy.may.edit)
  @Mutation(() => EvaluationPayload, {
    description: 'DRAFT → SUBMITTED, by its author: needs a grade and all seven scores.',
  })
  async submitEvaluation(@Arg('input', step) args: SubmitEvaluationInput, @Ctx() ctx: Context) {
    return EvaluationPayload.from(await review.submit(ctx, args));
  }

  @Allow(evaluationPolicy.may.finalize)
  @Mutation(() => EvaluationPayload, {
    description:
      'SUBMITTED → FINALIZED (定稿), after which the evaluation is immutable; a FINAL evaluation’s overallScore is frozen here. An EXCELLENT FINAL grade must fit the quota (优秀比例): at most max(1, floor(Policy.excellentQuota × SUBMITTED and FINALIZED FINAL evaluations of the receiving-unit kind and calendar year, this one included)) finalized EXCELLENT ones; drafts do not count.',
  })
  async finalizeEvaluation(@Arg('input', step) args: FinalizeEvaluationInput, @Ctx() ctx: Context) {
    return EvaluationPayload.from(await review.finalize(ctx, args));
  }

  @Allow(evaluationPolicy.may.return)
  @Mutation(() => EvaluationPayload, {
    description:
      'SUBMITTED → DRAFT (退回), by the org department with a reason: the way out when finalizing is refused (e.g. EXCELLENT_QUOTA_EXCEEDED). As a draft it leaves the quota’s base and its author may edit and resubmit it. INVALID_TRANSITION unless SUBMITTED; EVALUATION_FINALIZED once finalized.',
  })
  async returnEvaluation(
    @Arg('input', { description: 'The evaluation and the reason.' }) args: ReturnEvaluationInput,
    @Ctx() ctx: Context,
  ) {
    return EvaluationPayload.from(await review.return(ctx, args));
  }
}
