import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { PostingErrorCode } from './posting.errors';
import { type Cadre, CadreStatus } from '../cadre/cadre.entity';
import { CadreErrorCode } from '../cadre/cadre.errors';
import { UnitErrorCode } from '../unit/unit.errors';
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
import { PostingStatus } from './posting-type';
import { Posting } from './posting.entity';
import { checkDates, checkPostingParties, isThreeDefinitionsComplete } from './posting.rules';
import { labelOf } from '../../common/labels';
import { CADRE_STATUS_LABELS } from '../cadre/cadre.labels';

/** What the type's rules read of a posting, new or edited. */
type PostingTerms = Pick<
  Posting,
  'type' | 'positionRank' | 'frontlineArea' | 'receivingUnitId' | 'candidateId'
>;

/** The posting an input names, refused as its `postingId` when it is not one. */
const postingOf = (input: { postingId: string }) => ({
  globalId: input.postingId,
  field: 'postingId',
});

/**
 * A posting's lifecycle (DESIGN §2, the table in posting.lifecycle.ts): each step goes through the
 * write kernel, which checks it against the table, bumps the version and writes the audit entry.
 */
export class PostingLifecycleService {
  create(ctx: Context, input: CreatePostingInput): Promise<MutationResult<Posting>> {
    return runMutation(ctx, async (ctx) => {
      const cadre = await records.lock(ctx, 'Cadre', { globalId: input.cadreId, field: 'cadreId' });
      if (cadre.status !== CadreStatus.ACTIVE) {
        refuse(
          CadreErrorCode.CADRE_DEPARTED,
          {
            en: `${cadre.name} is ${cadre.status}: a departed cadre is not posted`,
            zh: `${cadre.name}已${labelOf(CADRE_STATUS_LABELS, cadre.status)}，不能选派挂职`,
          },
          'cadreId',
        );
      }
      const receivingUnitId = expectGlobalId(input.receivingUnitId, 'Unit', 'receivingUnitId');
      const candidateId = input.candidateId
        ? expectGlobalId(input.candidateId, 'Candidate', 'candidateId')
        : null;
      checkDates(input.startDate, input.plannedEndDate);
      const terms = {
        type: input.type,
        positionRank: input.positionRank,
        frontlineArea: input.frontlineArea ?? null,
        receivingUnitId,
        candidateId,
      };
      await this.checkParties(ctx, cadre, terms);
      await this.checkNoOpenPosting(ctx, cadre.id);
      await this.checkNoOverlap(ctx, cadre.id, input.startDate, input.plannedEndDate);
      return records.create(
        ctx,
        'Posting',
        {
          cadreId: cadre.id,
          sendingUnitId: cadre.homeUnitId,
          receivingUnitId,
          type: input.type,
          positionTitle: input.positionTitle.trim(),
          positionRank: input.positionRank,
          frontlineArea: terms.frontlineArea,
          isSubstantive: input.isSubstantive,
          responsibilities: input.responsibilities.map((r) => r.trim()),
          trainingPlan: input.trainingPlan?.trim() || null,
          startDate: input.startDate,
          plannedEndDate: input.plannedEndDate,
          candidateId,
        },
        { action: 'posting.create' },
      );
    });
  }

  update(ctx: Context, input: UpdatePostingInput): Promise<MutationResult<Posting>> {
    return runMutation(ctx, (ctx) =>
      records.update(
        ctx,
        'Posting',
        postingOf(input),
        { action: 'posting.update', expectedVersion: input.version },
        async (posting) => {
          // Omitted or null: unchanged; only the training plan may be cleared (with null).
          if (input.receivingUnitId != null) {
            posting.receivingUnitId = expectGlobalId(
              input.receivingUnitId,
              'Unit',
              'receivingUnitId',
            );
          }
          if (input.positionTitle != null) posting.positionTitle = input.positionTitle.trim();
          if (input.positionRank != null) posting.positionRank = input.positionRank;
          if (input.frontlineArea !== undefined) posting.frontlineArea = input.frontlineArea;
          if (input.isSubstantive != null) posting.isSubstantive = input.isSubstantive;
          if (input.responsibilities != null)
            posting.responsibilities = input.responsibilities.map((r) => r.trim());
          if (input.trainingPlan !== undefined)
            posting.trainingPlan = input.trainingPlan?.trim() || null;
          if (input.startDate != null) posting.startDate = input.startDate;
          if (input.plannedEndDate != null) posting.plannedEndDate = input.plannedEndDate;
          checkDates(posting.startDate, posting.plannedEndDate);
          // Every edit re-checks the type's rules (units, rank, area) against the cadre as now.
          await this.recheckParties(ctx, posting);
        },
      ),
    );
  }

  activate(ctx: Context, input: ActivatePostingInput): Promise<MutationResult<Posting>> {
    return runMutation(ctx, (ctx) =>
      records.update(
        ctx,
        'Posting',
        postingOf(input),
        { action: 'posting.activate' },
        async (posting) => {
          if (!isThreeDefinitionsComplete(posting)) {
            refuse(PostingErrorCode.THREE_DEFINITIONS_INCOMPLETE, {
              en: 'Set the position, at least one duty and a training plan (三定) before activating',
              zh: '挂职到岗前须完成“三定”：定职、至少一项职责、培养计划',
            });
          }
          if (posting.startDate > today(ctx.now)) {
            refuse(
              PostingErrorCode.START_DATE_NOT_REACHED,
              {
                en: `The posting starts on ${posting.startDate}`,
                zh: `该挂职 ${posting.startDate} 才开始`,
              },
              'postingId',
            );
          }
          // The cadre's rank or the receiving unit's area may have changed since it was planned
          // (updateCadre and updateUnit do not look at PLANNED postings): the rules hold at the start.
          await this.recheckParties(ctx, posting);
          posting.activatedAt = today(ctx.now);
        },
      ),
    );
  }

  extend(ctx: Context, input: ExtendPostingInput): Promise<MutationResult<Posting>> {
    const step = { action: 'posting.extend', reason: input.reason } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Posting', postingOf(input), step, (posting) => {
        if (input.plannedEndDate <= posting.plannedEndDate) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            {
              en: `The new end must be after ${posting.plannedEndDate}`,
              zh: `新的结束日期须晚于 ${posting.plannedEndDate}`,
            },
            'plannedEndDate',
          );
        }
        posting.plannedEndDate = input.plannedEndDate;
      }),
    );
  }

  complete(ctx: Context, input: CompletePostingInput): Promise<MutationResult<Posting>> {
    const step = { action: 'posting.complete', reason: input.notes } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Posting', postingOf(input), step, async (posting) => {
        if (input.actualEndDate < posting.startDate || input.actualEndDate > today(ctx.now)) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            {
              en: 'The return date must lie between the start and today',
              zh: '返回日期须在挂职开始日期与今天之间',
            },
            'actualEndDate',
          );
        }
        posting.actualEndDate = input.actualEndDate;
        await endMentorships(ctx, posting.id, input.actualEndDate);
      }),
    );
  }

  terminate(ctx: Context, input: TerminatePostingInput): Promise<MutationResult<Posting>> {
    const step = { action: 'posting.terminate', reason: input.reason } as const;
    return runMutation(ctx, (ctx) =>
      records.update(ctx, 'Posting', postingOf(input), step, async (posting) => {
        // A posting that never started ends on its start date; none ends in the future.
        const latest = today(ctx.now) > posting.startDate ? today(ctx.now) : posting.startDate;
        const endDate = input.actualEndDate ?? latest;
        if (endDate < posting.startDate || endDate > latest) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            {
              en: `The end date must lie between ${posting.startDate} and ${latest}`,
              zh: `结束日期须在 ${posting.startDate} 至 ${latest} 之间`,
            },
            'actualEndDate',
          );
        }
        posting.actualEndDate = endDate;
        posting.terminationReason = input.reason.trim();
        await endMentorships(ctx, posting.id, endDate);
      }),
    );
  }

  /** The type's rules over a stored posting, its cadre and its units as they are now. */
  private async recheckParties(ctx: TxContext, posting: Posting): Promise<void> {
    const cadre = await records.lock(ctx, 'Cadre', posting.cadreId);
    await this.checkParties(ctx, cadre, posting);
  }

  private async checkParties(ctx: TxContext, cadre: Cadre, terms: PostingTerms): Promise<void> {
    const { receivingUnitId, candidateId } = terms;
    const [homeUnit, receivingUnit] = await Promise.all([
      ctx.tx.findOneByOrFail(Unit, { id: cadre.homeUnitId }),
      records.lock(ctx, 'Unit', receivingUnitId, 'share'),
    ]);
    let candidate: (Candidate & { round: SelectionRound }) | null = null;
    if (candidateId !== null) {
      const row = await records.lock(ctx, 'Candidate', candidateId);
      candidate = Object.assign(row, {
        round: await ctx.tx.findOneByOrFail(SelectionRound, { id: row.roundId }),
      });
    }
    if (receivingUnit.archivedOn) {
      refuse(
        UnitErrorCode.UNIT_ARCHIVED,
        {
          en: `${receivingUnit.name} is archived: it receives no postings`,
          zh: `${receivingUnit.name}已撤销归档，不再接收挂职干部`,
        },
        'receivingUnitId',
      );
    }
    checkPostingParties({
      type: terms.type,
      positionRank: terms.positionRank,
      frontlineArea: terms.frontlineArea,
      cadre,
      homeUnit,
      receivingUnit,
      candidate,
    });
  }

  /**
   * Names the posting a new term would overlap. The exclusion constraint `posting_no_overlap` is
   * the guarantee (it also covers edits, extensions and races, as POSTINGS_OVERLAP); this check
   * only says which posting is in the way.
   */
  private async checkNoOverlap(
    ctx: TxContext,
    cadreId: number,
    startDate: string,
    endDate: string,
  ): Promise<void> {
    const [other] = await ctx.tx.query(
      `SELECT start_date AS "startDate", coalesce(actual_end_date, planned_end_date) AS "endDate"
         FROM posting
        WHERE cadre_id = $1
          AND daterange(start_date, coalesce(actual_end_date, planned_end_date), '[)')
              && daterange($2::date, $3::date, '[)')
        ORDER BY start_date LIMIT 1`,
      [cadreId, startDate, endDate],
    );
    if (other) {
      refuse(
        PostingErrorCode.POSTINGS_OVERLAP,
        {
          en: `The cadre is posted from ${other.startDate} to ${other.endDate}, days these dates overlap`,
          zh: `该干部在 ${other.startDate} 至 ${other.endDate} 已有挂职，与所填日期重叠`,
        },
        'startDate',
      );
    }
  }

  private async checkNoOpenPosting(ctx: TxContext, cadreId: number): Promise<void> {
    const open = await ctx.tx.existsBy(Posting, { cadreId, status: PostingStatus.PLANNED });
    const active =
      open || (await ctx.tx.existsBy(Posting, { cadreId, status: PostingStatus.ACTIVE }));
    if (active)
      refuse(
        PostingErrorCode.CADRE_HAS_OPEN_POSTING,
        {
          en: 'The cadre already has a PLANNED or ACTIVE posting',
          zh: '该干部已有拟派或在岗的挂职',
        },
        'cadreId',
      );
  }
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
