import { IsNull, type EntityManager } from 'typeorm';
import { requireViewer, type Context } from '../../context';
import { expectGlobalId } from '../../common/global-id';
import { expectVersion, refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockForWrite } from '../../common/records';
import { EvaluationErrorCode } from './evaluation.errors';
import { PostingErrorCode } from '../posting/posting.errors';
import { auditService } from '../audit/audit.service';
import type { Viewer } from '../../common/viewer';
import { Mentorship } from '../mentorship/mentorship.entity';
import { Posting } from '../posting/posting.entity';
import type {
  CreateEvaluationInput,
  UpdateEvaluationInput,
} from './dto/evaluation-mutation.inputs';
import { changeEvaluation, expectStatus } from './evaluation-change';
import { EvaluationKind, EvaluationStatus, SCORE_COLUMNS } from './evaluation-enums';
import { Evaluation } from './evaluation.entity';
import { evaluationPolicy } from './evaluation.policy';
import { applyScores, checkDate, checkInspectionFields } from './evaluation.rules';

/** Drafting evaluations (考核): creating a DRAFT and editing it under its version. */
export class EvaluationDraftService {
  create(ctx: Context, input: CreateEvaluationInput): Promise<MutationResult<Evaluation>> {
    return runMutation(ctx, async (tx) => {
      const viewer = requireViewer(ctx);
      // Before the posting is looked up: a key learns nothing about it.
      const evaluatorId = evaluationPolicy.authorOf(viewer);
      const postingId = expectGlobalId(input.postingId, 'Posting', 'postingId');
      // FOR SHARE: the posting cannot end or change hands while the draft is written.
      const posting = await lockForWrite(tx, ctx, 'Posting', postingId, 'share');
      const mentor = await isCurrentMentor(tx, posting, viewer);
      evaluationPolicy.may.draft(viewer, { posting, kind: input.kind, isCurrentMentor: mentor });
      checkPostingOpen(viewer, posting);
      if (
        input.kind === EvaluationKind.FINAL &&
        (await tx.existsBy(Evaluation, { postingId, kind: EvaluationKind.FINAL }))
      ) {
        refuse(
          EvaluationErrorCode.FINAL_EVALUATION_EXISTS,
          'The posting already has a FINAL evaluation',
          'kind',
        );
      }
      const evaluation = tx.create(Evaluation, {
        postingId,
        kind: input.kind,
        evaluatorId,
        date: input.date,
        grade: input.grade ?? null,
        comments: input.comments.trim(),
        interviewCount: input.interviewCount ?? null,
        findings: input.findings?.trim() || null,
        status: EvaluationStatus.DRAFT,
        finalizedAt: null,
      });
      for (const column of Object.values(SCORE_COLUMNS)) evaluation[column] = null;
      applyScores(evaluation, input.scores);
      checkInspectionFields(evaluation);
      checkDate(posting, input.kind, input.date);
      // Two FINAL drafts racing past the check above: the partial unique index refuses one.
      const saved = await tx.save(evaluation);
      await auditService.record(tx, ctx, {
        action: 'evaluation.create',
        entity: 'Evaluation',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  update(ctx: Context, input: UpdateEvaluationInput): Promise<MutationResult<Evaluation>> {
    return changeEvaluation(ctx, input.evaluationId, 'evaluation.update', async (tx, draft) => {
      expectStatus(draft, EvaluationStatus.DRAFT, 'Only a DRAFT can be edited');
      expectVersion(draft, input.version);
      if (input.scores) applyScores(draft, input.scores);
      if (input.grade !== undefined) draft.grade = input.grade;
      if (input.comments != null) draft.comments = input.comments.trim();
      if (input.interviewCount !== undefined) draft.interviewCount = input.interviewCount;
      if (input.findings !== undefined) draft.findings = input.findings?.trim() || null;
      checkInspectionFields(draft);
      if (input.date != null) {
        checkDate(
          await tx.findOneByOrFail(Posting, { id: draft.postingId }),
          draft.kind,
          input.date,
        );
        draft.date = input.date;
      }
    });
  }
}

/** The viewer is the posting's active mentor (一帮一); no query without a cadre record. */
function isCurrentMentor(tx: EntityManager, posting: Posting, viewer: Viewer): Promise<boolean> {
  if (viewer.cadreId === null) return Promise.resolve(false);
  return tx.existsBy(Mentorship, {
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
      `Evaluations are drafted for ACTIVE postings (it is ${posting.status})`,
      'postingId',
    );
  }
}

export const evaluationDraftService = new EvaluationDraftService();
