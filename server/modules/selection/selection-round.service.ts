import type { Context } from '../../context';
import { expectVersion, refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId } from '../../common/records';
import { SelectionErrorCode } from './selection.errors';
import { auditService, snapshot } from '../audit/audit.service';
import type {
  CloseSelectionRoundInput,
  OpenSelectionRoundInput,
} from './dto/selection-mutation.inputs';
import { SelectionRound, SelectionRoundStatus } from './selection-round.entity';

/** Opening and closing selection rounds (选派批次); each step audited. */
export class SelectionRoundService {
  open(ctx: Context, input: OpenSelectionRoundInput): Promise<MutationResult<SelectionRound>> {
    return runMutation(ctx, async (ctx) => {
      const round = await ctx.tx.save(
        ctx.tx.create(SelectionRound, {
          name: input.name.trim(),
          postingType: input.postingType,
          year: input.year,
          quota: input.quota,
          status: SelectionRoundStatus.OPEN,
          version: 1,
        }),
      );
      await auditService.record(ctx, {
        action: 'selectionRound.open',
        entity: 'SelectionRound',
        entityId: round.id,
        after: round,
      });
      return round;
    });
  }

  /** Locks the round FOR UPDATE: candidate mutations hold it FOR SHARE, so none runs past a close. */
  close(ctx: Context, input: CloseSelectionRoundInput): Promise<MutationResult<SelectionRound>> {
    return runMutation(ctx, async (ctx) => {
      const round = await lockByGlobalId(ctx, 'SelectionRound', input.roundId, 'roundId');
      if (input.version != null) expectVersion(round, input.version);
      if (round.status === SelectionRoundStatus.CLOSED) {
        refuse(
          SelectionErrorCode.ROUND_CLOSED,
          `The round “${round.name}” is already closed`,
          'roundId',
        );
      }
      const before = snapshot(round);
      round.status = SelectionRoundStatus.CLOSED;
      round.version += 1;
      const saved = await ctx.tx.save(round);
      await auditService.record(ctx, {
        action: 'selectionRound.close',
        entity: 'SelectionRound',
        entityId: round.id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}

export const selectionRoundService = new SelectionRoundService();
