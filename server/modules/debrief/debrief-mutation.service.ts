import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { DebriefErrorCode } from './debrief.errors';
import { PostingStatus } from '../posting/posting-type';
import { Debrief } from './debrief.entity';
import type {
  MarkArticlePublishedInput,
  RecordDebriefOutcomeInput,
  ScheduleDebriefInput,
  SubmitExperienceArticleInput,
} from './dto/debrief-mutation.inputs';
import { ExperienceArticle } from './experience-article.entity';
import { debriefPolicy } from './debrief.policy';
import { labelOf } from '../../common/labels';
import { POSTING_STATUS_LABELS } from '../posting/posting.labels';

/** 研讨交流: seminars after postings end, and the experience articles cadres share. */
export class DebriefMutationService {
  schedule(ctx: Context, input: ScheduleDebriefInput): Promise<MutationResult<Debrief>> {
    return runMutation(ctx, async (ctx) => {
      const ids = [
        ...new Set(input.postingIds.map((id) => expectGlobalId(id, 'Posting', 'postingIds'))),
      ];
      for (const id of ids) {
        const posting = await records.lock(ctx, 'Posting', id, 'share');
        if (posting.status !== PostingStatus.COMPLETED) {
          refuse(
            DebriefErrorCode.POSTING_NOT_ENDED,
            {
              en: `Posting ${posting.globalId} is ${posting.status}`,
              zh: `挂职 ${posting.globalId} 的状态为${labelOf(POSTING_STATUS_LABELS, posting.status)}`,
            },
            'postingIds',
          );
        }
      }
      const debrief = await records.create(
        ctx,
        'Debrief',
        { title: input.title.trim(), date: input.date },
        { action: 'debrief.schedule', trail: (d) => ({ ...d, postingIds: ids }) },
      );
      await ctx.tx.query(
        'INSERT INTO debrief_posting (debrief_id, posting_id) SELECT $1, unnest($2::int[])',
        [debrief.id, ids],
      );
      return debrief;
    });
  }

  recordOutcome(ctx: Context, input: RecordDebriefOutcomeInput): Promise<MutationResult<Debrief>> {
    const debrief = { globalId: input.debriefId, field: 'debriefId' };
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Debrief', debrief, { action: 'debrief.record' }, (d) => {
        d.summary = input.summary.trim();
        d.problemsFound = input.problemsFound.trim();
        d.suggestions = input.suggestions.trim();
      }),
    );
  }

  submitArticle(
    ctx: Context,
    input: SubmitExperienceArticleInput,
  ): Promise<MutationResult<ExperienceArticle>> {
    return runMutation(ctx, async (ctx) => {
      const posting = await records.lock(ctx, 'Posting', {
        globalId: input.postingId,
        field: 'postingId',
      });
      const viewer = requireViewer(ctx);
      if (!debriefPolicy.may.writeArticle.allows(viewer, posting)) {
        refuse(
          DebriefErrorCode.NOT_OWN_POSTING,
          { en: 'Write about your own postings only', zh: '只能撰写本人挂职的心得体会' },
          'postingId',
        );
      }
      if (posting.status === PostingStatus.PLANNED) {
        refuse(
          CommonErrorCode.INVALID_TRANSITION,
          { en: 'The posting has not started yet', zh: '该挂职尚未开始' },
          'postingId',
        );
      }
      return records.create(
        ctx,
        'ExperienceArticle',
        { postingId: posting.id, title: input.title.trim(), body: input.body.trim() },
        {
          action: 'experienceArticle.submit',
          // Recorded for someone else (the org department, on the cadre's behalf): the trail says whose.
          trail: (a) =>
            posting.cadreId === viewer.cadreId ? a : { ...a, onBehalfOfCadreId: posting.cadreId },
        },
      );
    });
  }

  markPublished(
    ctx: Context,
    input: MarkArticlePublishedInput,
  ): Promise<MutationResult<ExperienceArticle>> {
    const article = { globalId: input.articleId, field: 'articleId' };
    const step = { action: 'experienceArticle.publish' } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'ExperienceArticle', article, step, (a) => {
        a.publishedIn = [...new Set(input.venues)].sort();
      }),
    );
  }
}

export const debriefMutationService = new DebriefMutationService();
