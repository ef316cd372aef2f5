import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { badInput, notFound } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { expectVersion, refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockForWrite } from '../../common/records';
import { SelectionErrorCode } from './selection.errors';
import { auditService, snapshot } from '../audit/audit.service';
import { Candidate, CandidateStatus } from './candidate.entity';
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
import {
  type CandidateStep,
  checkQuota,
  checkSelectable,
  checkTrainingDate,
  expectRoundOpen,
  expectStep,
} from './selection.rules';

interface CandidateRef {
  candidateId: string;
  version?: number | null;
}

type Change = (ctx: TxContext, candidate: Candidate, round: SelectionRound) => Promise<void>;

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
      const round = await lockForWrite(ctx, 'SelectionRound', roundId, 'share');
      const cadre = await lockForWrite(ctx, 'Cadre', cadreId, 'share');
      const nominatingUnitId = selectionPolicy.nominatingUnitId(requireViewer(ctx), cadre);
      expectRoundOpen(round);
      // The unique (round_id, cadre_id) constraint catches the race this check cannot.
      if (await ctx.tx.existsBy(Candidate, { roundId, cadreId })) {
        refuse(
          SelectionErrorCode.ALREADY_NOMINATED,
          'The cadre is already a candidate of this round',
          'cadreId',
        );
      }
      const candidate = await ctx.tx.save(
        ctx.tx.create(Candidate, {
          roundId,
          cadreId,
          nominatingUnitId,
          status: CandidateStatus.NOMINATED,
          version: 1,
        }),
      );
      await auditService.record(ctx, {
        action: 'candidate.nominate',
        entity: 'Candidate',
        entityId: candidate.id,
        after: candidate,
      });
      return candidate;
    });
  }

  recordScores(
    ctx: Context,
    input: RecordCandidateScoresInput,
  ): Promise<MutationResult<Candidate>> {
    if (input.writtenExamScore == null && input.interviewScore == null) {
      throw badInput('Send writtenExamScore, interviewScore or both', 'writtenExamScore');
    }
    return this.change(ctx, input, 'score', 'share', async (_ctx, candidate) => {
      if (input.writtenExamScore != null) candidate.writtenExamScore = input.writtenExamScore;
      if (input.interviewScore != null) candidate.interviewScore = input.interviewScore;
    });
  }

  recordInspection(ctx: Context, input: RecordInspectionInput): Promise<MutationResult<Candidate>> {
    return this.change(ctx, input, 'inspect', 'share', async (_ctx, candidate) => {
      candidate.inspectionResult = input.result;
      candidate.inspectionNotes = input.notes.trim();
    });
  }

  shortlist(ctx: Context, input: ShortlistCandidateInput): Promise<MutationResult<Candidate>> {
    return this.change(ctx, input, 'shortlist', 'share', async (_ctx, candidate) => {
      candidate.status = CandidateStatus.SHORTLISTED;
    });
  }

  select(ctx: Context, input: SelectCandidateInput): Promise<MutationResult<Candidate>> {
    return this.change(ctx, input, 'select', 'update', async (ctx, candidate, round) => {
      checkSelectable(candidate);
      // Counted under the round's FOR UPDATE lock: a concurrent selection has committed or waits.
      const selected = await ctx.tx.countBy(Candidate, {
        roundId: round.id,
        status: CandidateStatus.SELECTED,
      });
      checkQuota(round, selected);
      candidate.status = CandidateStatus.SELECTED;
    });
  }

  reject(ctx: Context, input: RejectCandidateInput): Promise<MutationResult<Candidate>> {
    return this.change(
      ctx,
      input,
      'reject',
      'share',
      async (_ctx, candidate) => {
        candidate.status = CandidateStatus.REJECTED;
      },
      input.reason.trim(),
    );
  }

  recordTrainingCompleted(
    ctx: Context,
    input: RecordTrainingCompletedInput,
  ): Promise<MutationResult<Candidate>> {
    return this.change(ctx, input, 'train', 'share', async (_ctx, candidate) => {
      const now = new Date();
      const completedAt = input.completedAt ?? now;
      checkTrainingDate(candidate, completedAt, now);
      candidate.trainingCompletedAt = completedAt;
    });
  }

  /**
   * Locks round and candidate, checks version, open round and the step's starting status, applies
   * `change`, bumps the version and writes the audit entry (`candidate.<step>`).
   */
  private change(
    ctx: Context,
    ref: CandidateRef,
    step: CandidateStep,
    roundLock: 'share' | 'update',
    change: Change,
    reason?: string,
  ): Promise<MutationResult<Candidate>> {
    const id = expectGlobalId(ref.candidateId, 'Candidate', 'candidateId');
    return runMutation(ctx, async (ctx) => {
      // round_id never changes, so it can be read before anything is locked.
      const found = await ctx.tx.findOne(Candidate, { where: { id }, select: { roundId: true } });
      if (!found) throw notFound('Candidate');
      const round = await lockForWrite(ctx, 'SelectionRound', found.roundId, roundLock);
      const candidate = await lockForWrite(ctx, 'Candidate', id);
      if (ref.version != null) expectVersion(candidate, ref.version);
      // Pre-posting training (岗前培训) follows selection, usually after the round has closed.
      if (step !== 'train') expectRoundOpen(round);
      expectStep(candidate, step);
      const before = snapshot(candidate);
      await change(ctx, candidate, round);
      candidate.version += 1;
      const saved = await ctx.tx.save(candidate);
      await auditService.record(ctx, {
        action: `candidate.${STEP_ACTION[step]}`,
        entity: 'Candidate',
        entityId: candidate.id,
        before,
        after: saved,
        reason,
      });
      return saved;
    });
  }
}

const STEP_ACTION: Record<CandidateStep, string> = {
  score: 'recordScores',
  inspect: 'recordInspection',
  shortlist: 'shortlist',
  select: 'select',
  reject: 'reject',
  train: 'recordTraining',
};

export const candidateService = new CandidateService();
