import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { asNotFound, notFound } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { MentorshipErrorCode } from './mentorship.errors';
import { PostingErrorCode } from '../posting/posting.errors';
import { requireViewer } from '../../context';
import { Cadre } from '../cadre/cadre.entity';
import { PostingStatus } from '../posting/posting-type';
import type { Posting } from '../posting/posting.entity';
import type { AssignMentorInput, LogMentorSessionInput } from './dto/mentorship-mutation.inputs';
import { MentorSession } from './mentor-session.entity';
import { Mentorship } from './mentorship.entity';
import { mentorshipPolicy } from './mentorship.policy';
import { labelOf } from '../../common/labels';
import { POSTING_STATUS_LABELS } from '../posting/posting.labels';

/** A mentor takes at most this many active mentees (DESIGN §2); the trigger `mentorship_mentor_load` holds it too. */
export const MAX_ACTIVE_MENTEES = 3;

/** 帮带: pairing posted cadres with mentors and logging their meetings. */
export class MentoringService {
  assignMentor(ctx: Context, input: AssignMentorInput): Promise<MutationResult<Mentorship>> {
    return runMutation(ctx, async (ctx) => {
      // Lock order posting → mentor everywhere, so concurrent assignments queue instead of deadlocking.
      const posting = await records.lock(ctx, 'Posting', {
        globalId: input.postingId,
        field: 'postingId',
      });
      mentorshipPolicy.may.assignMentor(requireViewer(ctx), posting);
      if (posting.status !== PostingStatus.ACTIVE) {
        refuse(
          PostingErrorCode.POSTING_NOT_ACTIVE,
          {
            en: `The posting is ${posting.status}`,
            zh: `该挂职的状态为${labelOf(POSTING_STATUS_LABELS, posting.status)}`,
          },
          'postingId',
        );
      }
      const mentorId = expectGlobalId(input.mentorId, 'Cadre', 'mentorId');
      const mentor = await ctx.tx
        .getRepository(Cadre)
        .createQueryBuilder('mentor')
        .setLock('pessimistic_write')
        .where('mentor.id = :mentorId', { mentorId })
        .getOne();
      await this.checkMentor(ctx, posting, mentor);
      const startDate = input.startDate ?? today(ctx.now);
      if (startDate < posting.startDate || startDate > posting.plannedEndDate) {
        refuse(
          PostingErrorCode.DATE_OUTSIDE_POSTING,
          { en: 'Mentoring must start within the posting', zh: '帮带须在挂职期间内开始' },
          'startDate',
        );
      }
      const active = await ctx.tx
        .getRepository(Mentorship)
        .createQueryBuilder('m')
        .where('m.posting_id = :id AND m.end_date IS NULL', { id: posting.id })
        .getOne();
      if (active)
        await this.endForReplacement(ctx, active, mentorId, startDate, input.replaceCurrent);
      return records.create(
        ctx,
        'Mentorship',
        { postingId: posting.id, mentorId, startDate },
        { action: 'mentorship.assign' },
      );
    });
  }

  logSession(ctx: Context, input: LogMentorSessionInput): Promise<MutationResult<MentorSession>> {
    return runMutation(ctx, async (ctx) => {
      // Posting before mentorship, the order every other mutation locks them in (no deadlocks).
      const mentorshipId = expectGlobalId(input.mentorshipId, 'Mentorship', 'mentorshipId');
      const found = await ctx.tx.findOne(Mentorship, {
        where: { id: mentorshipId },
        select: { postingId: true },
      });
      if (!found) throw notFound('Mentorship');
      // Out of the viewer's scope answers exactly like absent (no "Posting not found").
      const posting = await records
        .lock(ctx, 'Posting', found.postingId, 'share')
        .catch(asNotFound('Mentorship'));
      const mentorship = await records.lock(ctx, 'Mentorship', mentorshipId);
      mentorshipPolicy.may.logSession(requireViewer(ctx), mentorship, posting);
      const last = mentorship.endDate ?? posting.actualEndDate ?? today(ctx.now);
      if (input.date < mentorship.startDate || input.date > last || input.date > today(ctx.now)) {
        refuse(
          PostingErrorCode.DATE_OUTSIDE_POSTING,
          {
            en: `The meeting must fall between ${mentorship.startDate} and ${last < today(ctx.now) ? last : today(ctx.now)}`,
            zh: `帮带谈话日期须在 ${mentorship.startDate} 至 ${last < today(ctx.now) ? last : today(ctx.now)} 之间`,
          },
          'date',
        );
      }
      return records.create(
        ctx,
        'MentorSession',
        {
          mentorshipId: mentorship.id,
          date: input.date,
          topic: input.topic.trim(),
          notes: input.notes.trim(),
        },
        { action: 'mentorSession.log' },
      );
    });
  }

  private async checkMentor(ctx: TxContext, posting: Posting, mentor: Cadre | null): Promise<void> {
    if (!mentor || mentor.homeUnitId !== posting.receivingUnitId || !mentor.isLeadership) {
      refuse(
        MentorshipErrorCode.MENTOR_NOT_LEADERSHIP,
        {
          en: 'The mentor must be on the receiving unit’s leadership team (班子成员)',
          zh: '导师须为接收单位的班子成员',
        },
        'mentorId',
      );
    }
    if (mentor.id === posting.cadreId)
      refuse(
        MentorshipErrorCode.MENTOR_IS_CADRE,
        { en: 'A cadre cannot mentor themself', zh: '干部不能担任自己的导师' },
        'mentorId',
      );
    const [{ mentees }] = await ctx.tx.query(
      'SELECT count(*)::int AS mentees FROM mentorship WHERE mentor_id = $1 AND end_date IS NULL AND posting_id <> $2',
      [mentor.id, posting.id],
    );
    if (mentees >= MAX_ACTIVE_MENTEES) {
      refuse(
        MentorshipErrorCode.MENTOR_OVERLOADED,
        {
          en: `${mentor.name} already mentors ${mentees} cadres`,
          zh: `${mentor.name}已在帮带 ${mentees} 名干部`,
        },
        'mentorId',
      );
    }
  }

  /** Replacing a mentor (换人) ends the previous mentoring on the day the new one starts. */
  private async endForReplacement(
    ctx: TxContext,
    active: Mentorship,
    mentorId: number,
    startDate: string,
    replace: boolean,
  ): Promise<void> {
    if (active.mentorId === mentorId)
      refuse(
        MentorshipErrorCode.ALREADY_MENTOR,
        { en: 'This cadre already mentors the posting', zh: '该干部已是此挂职的导师' },
        'mentorId',
      );
    if (!replace) {
      refuse(
        MentorshipErrorCode.POSTING_HAS_MENTOR,
        {
          en: 'The posting has a mentor; set replaceCurrent to replace them',
          zh: '该挂职已有导师；如需更换，请设置 replaceCurrent',
        },
        'replaceCurrent',
      );
    }
    if (startDate < active.startDate) {
      refuse(
        CommonErrorCode.INVALID_DATES,
        {
          en: `The new mentoring cannot start before ${active.startDate}`,
          zh: `新的帮带不能早于 ${active.startDate} 开始`,
        },
        'startDate',
      );
    }
    const step = { action: 'mentorship.end', reason: 'replaced' } as const;
    await records.change(ctx, 'Mentorship', active, step, (mentorship) => {
      mentorship.endDate = startDate;
    });
  }
}

export const mentoringService = new MentoringService();
