import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { asNotFound, badInput, notFound } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { SelectionErrorCode } from './selection.errors';
import { Candidate, CandidateStatus } from './candidate.entity';
import { CadreStatus } from '../cadre/cadre.entity';
import { CadreErrorCode } from '../cadre/cadre.errors';
import type {
  NominateCandidateInput,
  RecordCandidateScoresInput,
  RecordInspectionInput,
  RecordTrainingCompletedInput,
  RejectCandidateInput,
  SelectCandidateInput,
  ShortlistCandidateInput,
} from './dto/selection-mutation.inputs';
import type { SelectionRound } from './selection-round.entity';
import { selectionPolicy } from './selection.policy';
import type { CandidateStep } from './selection.lifecycle';
import { checkQuota, checkSelectable, checkTrainingDate, expectRoundOpen } from './selection.rules';
import { labelOf } from '../../common/labels';
import { CADRE_STATUS_LABELS } from '../cadre/cadre.labels';

interface CandidateRef {
  candidateId: string;
  version?: number | null;
}

type Change = (candidate: Candidate, round: SelectionRound, ctx: TxContext) => void | Promise<void>;

/**
 * A candidate's way through selection (选派, DESIGN §2). Every mutation locks the round before the
 * candidate, always in that order: FOR SHARE, so that closing the round waits for it, or FOR
 * UPDATE to select, so that selections in one round queue up behind the quota count.
 */
export class CandidateService {
  nominate(ctx: Context, input: NominateCandidateInput): Promise<MutationResult<Candidate>> {
    const roundId = expectGlobalId(input.roundId, 'SelectionRound', 'roundId');
    const cadreId = expectGlobalId(input.cadreId, 'Cadre', 'cadreId');
    return runMutation(ctx, async (ctx) => {
      const round = await records.lock(ctx, 'SelectionRound', roundId, 'share');
      const cadre = await records.lock(ctx, 'Cadre', cadreId, 'share');
      selectionPolicy.may.nominate(requireViewer(ctx), cadre);
      if (cadre.status !== CadreStatus.ACTIVE) {
        refuse(
          CadreErrorCode.CADRE_DEPARTED,
          {
            en: `${cadre.name} is ${cadre.status}: a departed cadre is not nominated`,
            zh: `${cadre.name}已${labelOf(CADRE_STATUS_LABELS, cadre.status)}，不能推荐为人选`,
          },
          'cadreId',
        );
      }
      // The cadre's home unit nominates (推荐), also when the org department files it.
      const nominatingUnitId = cadre.homeUnitId;
      expectRoundOpen(round);
      // The unique (round_id, cadre_id) constraint catches the race this check cannot.
      if (await ctx.tx.existsBy(Candidate, { roundId, cadreId })) {
        refuse(
          SelectionErrorCode.ALREADY_NOMINATED,
          { en: 'The cadre is already a candidate of this round', zh: '该干部已是本批次的人选' },
          'cadreId',
        );
      }
      return records.create(
        ctx,
        'Candidate',
        { roundId, cadreId, nominatingUnitId, version: 1 },
        { action: 'candidate.nominate' },
      );
    });
  }

  recordScores(
    ctx: Context,
    input: RecordCandidateScoresInput,
  ): Promise<MutationResult<Candidate>> {
    if (input.writtenExamScore == null && input.interviewScore == null) {
      throw badInput(
        {
          en: 'Send writtenExamScore, interviewScore or both',
          zh: '请填写笔试成绩、面试成绩或两者（writtenExamScore、interviewScore）',
        },
        'writtenExamScore',
      );
    }
    return this.step(ctx, input, 'candidate.recordScores', 'share', (candidate) => {
      if (input.writtenExamScore != null) candidate.writtenExamScore = input.writtenExamScore;
      if (input.interviewScore != null) candidate.interviewScore = input.interviewScore;
    });
  }

  recordInspection(ctx: Context, input: RecordInspectionInput): Promise<MutationResult<Candidate>> {
    return this.step(ctx, input, 'candidate.recordInspection', 'share', (candidate) => {
      candidate.inspectionResult = input.result;
      candidate.inspectionNotes = input.notes.trim();
    });
  }

  shortlist(ctx: Context, input: ShortlistCandidateInput): Promise<MutationResult<Candidate>> {
    return this.step(ctx, input, 'candidate.shortlist', 'share');
  }

  select(ctx: Context, input: SelectCandidateInput): Promise<MutationResult<Candidate>> {
    return this.step(ctx, input, 'candidate.select', 'update', async (candidate, round, ctx) => {
      checkSelectable(candidate);
      // Counted under the round's FOR UPDATE lock: a concurrent selection has committed or waits.
      const selected = await ctx.tx.countBy(Candidate, {
        roundId: round.id,
        status: CandidateStatus.SELECTED,
      });
      checkQuota(round, selected);
    });
  }

  reject(ctx: Context, input: RejectCandidateInput): Promise<MutationResult<Candidate>> {
    return this.step(ctx, input, 'candidate.reject', 'share', undefined, input.reason.trim());
  }

  recordTrainingCompleted(
    ctx: Context,
    input: RecordTrainingCompletedInput,
  ): Promise<MutationResult<Candidate>> {
    return this.step(ctx, input, 'candidate.recordTraining', 'share', (candidate) => {
      const now = ctx.now ?? new Date();
      const completedAt = input.completedAt ?? now;
      checkTrainingDate(candidate, completedAt, now);
      candidate.trainingCompletedAt = completedAt;
    });
  }

  /**
   * Locks round and candidate, checks that the round is open, and hands the step to the write
   * kernel (lifecycle, version, audit `candidate.<step>`). Pre-posting training (岗前培训)
   * follows selection, usually after the round has closed.
   */
  private step(
    ctx: Context,
    ref: CandidateRef,
    step: CandidateStep,
    roundLock: 'share' | 'update',
    change?: Change,
    reason?: string,
  ): Promise<MutationResult<Candidate>> {
    const id = expectGlobalId(ref.candidateId, 'Candidate', 'candidateId');
    return runMutation(ctx, async (ctx) => {
      // round_id never changes, so it can be read before anything is locked.
      const found = await ctx.tx.findOne(Candidate, { where: { id }, select: { roundId: true } });
      if (!found) throw notFound('Candidate');
      // Out of the viewer's scope answers exactly like absent (no "SelectionRound not found").
      const round = await records
        .lock(ctx, 'SelectionRound', found.roundId, roundLock)
        .catch(asNotFound('Candidate'));
      const candidate = await records.lock(ctx, 'Candidate', id);
      if (step !== 'candidate.recordTraining') expectRoundOpen(round);
      const options = { action: step, expectedVersion: ref.version, reason };
      return records.change(ctx, 'Candidate', candidate, options, (c) => change?.(c, round, ctx));
    });
  }
}

export const candidateService = new CandidateService();
