import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId, lockForWrite } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { DebriefErrorCode } from './debrief.errors';
import { auditService, snapshot } from '../audit/audit.service';
import { PostingStatus } from '../posting/posting-type';
import { Debrief } from './debrief.entity';
import type {
  MarkArticlePublishedInput,
  RecordDebriefOutcomeInput,
  ScheduleDebriefInput,
  SubmitExperienceArticleInput,
} from './dto/debrief-mutation.inputs';
import { ExperienceArticle } from './experience-article.entity';

/** 研讨交流: seminars after postings end, and the experience articles cadres share. */
export class DebriefMutationService {
  schedule(ctx: Context, input: ScheduleDebriefInput): Promise<MutationResult<Debrief>> {
    return runMutation(ctx, async (ctx) => {
      const ids = [
        ...new Set(input.postingIds.map((id) => expectGlobalId(id, 'Posting', 'postingIds'))),
      ];
      for (const id of ids) {
        const posting = await lockForWrite(ctx, 'Posting', id, 'share');
        if (posting.status !== PostingStatus.COMPLETED) {
          refuse(
            DebriefErrorCode.POSTING_NOT_ENDED,
            `Posting ${posting.globalId} is ${posting.status}`,
            'postingIds',
          );
        }
      }
      const debrief = await ctx.tx.save(
        ctx.tx.create(Debrief, { title: input.title.trim(), date: input.date }),
      );
      await ctx.tx.query(
        'INSERT INTO debrief_posting (debrief_id, posting_id) SELECT $1, unnest($2::int[])',
        [debrief.id, ids],
      );
      await auditService.record(ctx, {
        action: 'debrief.schedule',
        entity: 'Debrief',
        entityId: debrief.id,
        after: { ...debrief, postingIds: ids },
      });
      return debrief;
    });
  }

  recordOutcome(ctx: Context, input: RecordDebriefOutcomeInput): Promise<MutationResult<Debrief>> {
    return runMutation(ctx, async (ctx) => {
      const debrief = await lockByGlobalId(ctx, 'Debrief', input.debriefId, 'debriefId');
      const before = snapshot(debrief);
      debrief.summary = input.summary.trim();
      debrief.problemsFound = input.problemsFound.trim();
      debrief.suggestions = input.suggestions.trim();
      const saved = await ctx.tx.save(debrief);
      await auditService.record(ctx, {
        action: 'debrief.record',
        entity: 'Debrief',
        entityId: debrief.id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  submitArticle(
    ctx: Context,
    input: SubmitExperienceArticleInput,
  ): Promise<MutationResult<ExperienceArticle>> {
    return runMutation(ctx, async (ctx) => {
      const posting = await lockByGlobalId(ctx, 'Posting', input.postingId, 'postingId');
      if (posting.cadreId !== requireViewer(ctx).cadreId) {
        refuse(DebriefErrorCode.NOT_OWN_POSTING, 'Write about your own postings only', 'postingId');
      }
      if (posting.status === PostingStatus.PLANNED) {
        refuse(CommonErrorCode.INVALID_TRANSITION, 'The posting has not started yet', 'postingId');
      }
      const article = await ctx.tx.save(
        ctx.tx.create(ExperienceArticle, {
          postingId: posting.id,
          title: input.title.trim(),
          body: input.body.trim(),
        }),
      );
      await auditService.record(ctx, {
        action: 'experienceArticle.submit',
        entity: 'ExperienceArticle',
        entityId: article.id,
        after: article,
      });
      return article;
    });
  }

  markPublished(
    ctx: Context,
    input: MarkArticlePublishedInput,
  ): Promise<MutationResult<ExperienceArticle>> {
    return runMutation(ctx, async (ctx) => {
      const article = await lockByGlobalId(ctx, 'ExperienceArticle', input.articleId, 'articleId');
      const before = snapshot(article);
      article.publishedIn = [...new Set(input.venues)].sort();
      const saved = await ctx.tx.save(article);
      await auditService.record(ctx, {
        action: 'experienceArticle.publish',
        entity: 'ExperienceArticle',
        entityId: article.id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}

export const debriefMutationService = new DebriefMutationService();
