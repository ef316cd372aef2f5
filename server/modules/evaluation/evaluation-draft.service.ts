import { IsNull } from 'typeorm';
import { requireViewer, type Context, type TxContext } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { EvaluationErrorCode } from './evaluation.errors';
import { PostingErrorCode } from '../posting/posting.errors';
import type { Viewer } from '../../common/viewer';
import { Mentorship } from '../mentorship/mentorship.entity';
import { Posting } from '../posting/posting.entity';
import type {
  CreateEvaluationInput,
  UpdateEvaluationInput,
} from './dto/evaluation-mutation.inputs';
import { changeEvaluation } from './evaluation-change';
import { EvaluationKind, SCORE_COLUMNS } from './evaluation-enums';
import { Evaluation } from './evaluation.entity';
import { evaluationPolicy } from './evaluation.policy';
import { applyScores, checkDate, checkInspectionFields } from './evaluation.rules';
import { labelOf } from '../../common/labels';
import { POSTING_STATUS_LABELS } from '../posting/posting.labels';

/** Drafting evaluations (考核): creating a DRAFT and editing it under its version. */
export class EvaluationDraftService {
  create(ctx: Context, input: CreateEvaluationInput): Promise<MutationResult<Evaluation>> {
    return runMutation(ctx, async (ctx) => {
      const viewer = requireViewer(ctx);
      // Before the posting is looked up: a key learns nothing about it.
      const evaluatorId = evaluationPolicy.authorOf(viewer);
      const postingId = expectGlobalId(input.postingId, 'Posting', 'postingId');
      // FOR SHARE: the posting cannot end or change hands while the draft is written.
      const posting = await records.lock(ctx, 'Posting', postingId, 'share');
      const mentor = await isCurrentMentor(ctx, posting, viewer);
      evaluationPolicy.may.draft(viewer, { posting, kind: input.kind, isCurrentMentor: mentor });
      checkPostingOpen(viewer, posting);
      if (
        input.kind === EvaluationKind.FINAL &&
        (await ctx.tx.existsBy(Evaluation, { postingId, kind: EvaluationKind.FINAL }))
      ) {
        refuse(
          EvaluationErrorCode.FINAL_EVALUATION_EXISTS,
          { en: 'The posting already has a FINAL evaluation', zh: '该挂职已有期满考核' },
          'kind',
        );
      }
      const evaluation = ctx.tx.create(Evaluation, {
        postingId,
        kind: input.kind,
        evaluatorId,
        date: input.date,
        grade: input.grade ?? null,
        comments: input.comments.trim(),
        interviewCount: input.interviewCount ?? null,
        findings: input.findings?.trim() || null,
        finalizedAt: null,
      });
      for (const column of Object.values(SCORE_COLUMNS)) evaluation[column] = null;
      applyScores(evaluation, input.scores);
      checkInspectionFields(evaluation);
      checkDate(posting, input.kind, input.date, today(ctx.now));
      // Two FINAL drafts racing past the check above: the partial unique index refuses one.
      return records.create(ctx, 'Evaluation', evaluation, { action: 'evaluation.create' });
    });
  }

  update(ctx: Context, input: UpdateEvaluationInput): Promise<MutationResult<Evaluation>> {
    const step = { action: 'evaluation.update', expectedVersion: input.version } as const;
    return changeEvaluation(ctx, input.evaluationId, step, async (draft, ctx) => {
      if (input.scores) applyScores(draft, input.scores);
      if (input.grade !== undefined) draft.grade = input.grade;
      if (input.comments != null) draft.comments = input.comments.trim();
      if (input.interviewCount !== undefined) draft.interviewCount = input.interviewCount;
      if (input.findings !== undefined) draft.findings = input.findings?.trim() || null;
      checkInspectionFields(draft);
      if (input.date != null) {
        checkDate(
          await ctx.tx.findOneByOrFail(Posting, { id: draft.postingId }),
          draft.kind,
          input.date,
          today(ctx.now),
        );
        draft.date = input.date;
      }
    });
  }
}

/** The viewer is the posting's active mentor (一帮一); no query without a cadre record. */
function isCurrentMentor(ctx: TxContext, posting: Posting, viewer: Viewer): Promise<boolean> {
  if (viewer.cadreId === null) return Promise.resolve(false);
  return ctx.tx.existsBy(Mentorship, {
    postingId: posting.id,
    mentorId: viewer.cadreId,
    endDate: IsNull(),
  });
}

/** Drafts are started while the posting is open (who may when is the policy's `draftWhile`). */
function checkPostingOpen(viewer: Viewer, posting: Posting): void {
  if (!evaluationPolicy.may.draftWhile.allows(viewer, posting)) {
    refuse(
      PostingErrorCode.POSTING_NOT_ACTIVE,
      {
        en: `Evaluations are drafted for ACTIVE postings (it is ${posting.status})`,
        zh: `只能为在岗的挂职起草考核（当前状态：${labelOf(POSTING_STATUS_LABELS, posting.status)}）`,
      },
      'postingId',
    );
  }
}

export const evaluationDraftService = new EvaluationDraftService();
