import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { expectVersion, refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId, lockForWrite } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { PostingErrorCode } from './posting.errors';
import { auditService, snapshot } from '../audit/audit.service';
import type { Cadre } from '../cadre/cadre.entity';
import { Candidate } from '../selection/candidate.entity';
import { SelectionRound } from '../selection/selection-round.entity';
import { Unit } from '../unit/unit.entity';
import type {
  ActivatePostingInput,
  CompletePostingInput,
  CreatePostingInput,
  ExtendPostingInput,
  TerminatePostingInput,
  UpdatePostingInput,
} from './dto/posting-mutation.inputs';
import { PostingStatus, type PostingType } from './posting-type';
import { Posting } from './posting.entity';
import { checkDates, checkPostingParties, isThreeDefinitionsComplete } from './posting.rules';

/** A posting's lifecycle (DESIGN §2): PLANNED → ACTIVE → COMPLETED, or TERMINATED; each step audited. */
export class PostingLifecycleService {
  create(ctx: Context, input: CreatePostingInput): Promise<MutationResult<Posting>> {
    return runMutation(ctx, async (ctx) => {
      const cadre = await lockByGlobalId(ctx, 'Cadre', input.cadreId, 'cadreId');
      const receivingUnitId = expectGlobalId(input.receivingUnitId, 'Unit', 'receivingUnitId');
      const candidateId = input.candidateId
        ? expectGlobalId(input.candidateId, 'Candidate', 'candidateId')
        : null;
      checkDates(input.startDate, input.plannedEndDate);
      await this.checkParties(ctx, input.type, cadre, receivingUnitId, candidateId);
      await this.checkNoOpenPosting(ctx, cadre.id);
      const posting = await ctx.tx.save(
        ctx.tx.create(Posting, {
          cadreId: cadre.id,
          sendingUnitId: cadre.homeUnitId,
          receivingUnitId,
          type: input.type,
          positionTitle: input.positionTitle.trim(),
          isSubstantive: input.isSubstantive,
          responsibilities: input.responsibilities.map((r) => r.trim()),
          trainingPlan: input.trainingPlan?.trim() || null,
          startDate: input.startDate,
          plannedEndDate: input.plannedEndDate,
          candidateId,
          status: PostingStatus.PLANNED,
        }),
      );
      await auditService.record(ctx, {
        action: 'posting.create',
        entity: 'Posting',
        entityId: posting.id,
        after: posting,
      });
      return posting;
    });
  }

  update(ctx: Context, input: UpdatePostingInput): Promise<MutationResult<Posting>> {
    return this.transition(ctx, input.postingId, 'posting.update', async (ctx, posting) => {
      expectVersion(posting, input.version);
      expectStatus(posting, [PostingStatus.PLANNED], 'Only a PLANNED posting can be edited');
      // Omitted or null: unchanged; only the training plan may be cleared (with null).
      if (input.receivingUnitId != null) {
        posting.receivingUnitId = expectGlobalId(input.receivingUnitId, 'Unit', 'receivingUnitId');
      }
      if (input.positionTitle != null) posting.positionTitle = input.positionTitle.trim();
      if (input.isSubstantive != null) posting.isSubstantive = input.isSubstantive;
      if (input.responsibilities != null)
        posting.responsibilities = input.responsibilities.map((r) => r.trim());
      if (input.trainingPlan !== undefined)
        posting.trainingPlan = input.trainingPlan?.trim() || null;
      if (input.startDate != null) posting.startDate = input.startDate;
      if (input.plannedEndDate != null) posting.plannedEndDate = input.plannedEndDate;
      checkDates(posting.startDate, posting.plannedEndDate);
      const cadre = await lockForWrite(ctx, 'Cadre', posting.cadreId);
      await this.checkParties(
        ctx,
        posting.type,
        cadre,
        posting.receivingUnitId,
        posting.candidateId,
      );
    });
  }

  activate(ctx: Context, input: ActivatePostingInput): Promise<MutationResult<Posting>> {
    return this.transition(ctx, input.postingId, 'posting.activate', async (_ctx, posting) => {
      expectStatus(posting, [PostingStatus.PLANNED], 'Only a PLANNED posting can be activated');
      if (!isThreeDefinitionsComplete(posting)) {
        refuse(
          PostingErrorCode.THREE_DEFINITIONS_INCOMPLETE,
          'Set the position, at least one duty and a training plan (三定) before activating',
        );
      }
      if (posting.startDate > today()) {
        refuse(
          PostingErrorCode.START_DATE_NOT_REACHED,
          `The posting starts on ${posting.startDate}`,
          'postingId',
        );
      }
      posting.status = PostingStatus.ACTIVE;
      posting.activatedAt = today();
    });
  }

  extend(ctx: Context, input: ExtendPostingInput): Promise<MutationResult<Posting>> {
    return this.transition(
      ctx,
      input.postingId,
      'posting.extend',
      async (_ctx, posting) => {
        expectStatus(posting, [PostingStatus.ACTIVE], 'Only an ACTIVE posting can be extended');
        if (input.plannedEndDate <= posting.plannedEndDate) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            `The new end must be after ${posting.plannedEndDate}`,
            'plannedEndDate',
          );
        }
        posting.plannedEndDate = input.plannedEndDate;
      },
      input.reason,
    );
  }

  complete(ctx: Context, input: CompletePostingInput): Promise<MutationResult<Posting>> {
    return this.transition(
      ctx,
      input.postingId,
      'posting.complete',
      async (ctx, posting) => {
        expectStatus(posting, [PostingStatus.ACTIVE], 'Only an ACTIVE posting can be completed');
        if (input.actualEndDate < posting.startDate || input.actualEndDate > today()) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            'The return date must lie between the start and today',
            'actualEndDate',
          );
        }
        posting.status = PostingStatus.COMPLETED;
        posting.actualEndDate = input.actualEndDate;
        await endMentorships(ctx, posting.id, input.actualEndDate);
      },
      input.notes,
    );
  }

  terminate(ctx: Context, input: TerminatePostingInput): Promise<MutationResult<Posting>> {
    return this.transition(
      ctx,
      input.postingId,
      'posting.terminate',
      async (ctx, posting) => {
        expectStatus(
          posting,
          [PostingStatus.PLANNED, PostingStatus.ACTIVE],
          'Only a PLANNED or ACTIVE posting can be terminated',
        );
        // A posting that never started ends on its start date; none ends in the future.
        const latest = today() > posting.startDate ? today() : posting.startDate;
        const endDate = input.actualEndDate ?? latest;
        if (endDate < posting.startDate || endDate > latest) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            `The end date must lie between ${posting.startDate} and ${latest}`,
            'actualEndDate',
          );
        }
        posting.status = PostingStatus.TERMINATED;
        posting.actualEndDate = endDate;
        posting.terminationReason = input.reason.trim();
        await endMentorships(ctx, posting.id, endDate);
      },
      input.reason,
    );
  }

  /** Locks the posting, applies `change`, bumps the version and writes the audit entry. */
  private transition(
    ctx: Context,
    postingId: string,
    action: string,
    change: (ctx: TxContext, posting: Posting) => Promise<void>,
    reason?: string | null,
  ): Promise<MutationResult<Posting>> {
    return runMutation(ctx, async (ctx) => {
      const posting = await lockByGlobalId(ctx, 'Posting', postingId, 'postingId');
      const before = snapshot(posting);
      await change(ctx, posting);
      posting.version += 1;
      const saved = await ctx.tx.save(posting);
      await auditService.record(ctx, {
        action,
        entity: 'Posting',
        entityId: posting.id,
        before,
        after: saved,
        reason,
      });
      return saved;
    });
  }

  private async checkParties(
    ctx: TxContext,
    type: PostingType,
    cadre: Cadre,
    receivingUnitId: number,
    candidateId: number | null,
  ): Promise<void> {
    const [homeUnit, receivingUnit] = await Promise.all([
      ctx.tx.findOneByOrFail(Unit, { id: cadre.homeUnitId }),
      lockForWrite(ctx, 'Unit', receivingUnitId, 'share'),
    ]);
    let candidate: (Candidate & { round: SelectionRound }) | null = null;
    if (candidateId !== null) {
      const row = await lockForWrite(ctx, 'Candidate', candidateId);
      candidate = Object.assign(row, {
        round: await ctx.tx.findOneByOrFail(SelectionRound, { id: row.roundId }),
      });
    }
    checkPostingParties({ type, cadre, homeUnit, receivingUnit, candidate });
  }

  private async checkNoOpenPosting(ctx: TxContext, cadreId: number): Promise<void> {
    const open = await ctx.tx.existsBy(Posting, { cadreId, status: PostingStatus.PLANNED });
    const active =
      open || (await ctx.tx.existsBy(Posting, { cadreId, status: PostingStatus.ACTIVE }));
    if (active)
      refuse(
        PostingErrorCode.CADRE_HAS_OPEN_POSTING,
        'The cadre already has a PLANNED or ACTIVE posting',
        'cadreId',
      );
  }
}

function expectStatus(posting: Posting, allowed: PostingStatus[], message: string): void {
  if (!allowed.includes(posting.status))
    refuse(CommonErrorCode.INVALID_TRANSITION, `${message} (it is ${posting.status})`);
}

/** Completing or terminating a posting ends its mentoring on the same day. */
async function endMentorships(ctx: TxContext, postingId: number, endDate: string): Promise<void> {
  await ctx.tx.query(
    `UPDATE mentorship SET end_date = GREATEST(start_date, $2::date), updated_at = now()
      WHERE posting_id = $1 AND end_date IS NULL`,
    [postingId, endDate],
  );
}

export const postingLifecycleService = new PostingLifecycleService();
