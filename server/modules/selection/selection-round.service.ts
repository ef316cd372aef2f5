import type { Context } from '../../context';
import { runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import type {
  CloseSelectionRoundInput,
  OpenSelectionRoundInput,
} from './dto/selection-mutation.inputs';
import type { SelectionRound } from './selection-round.entity';

/** Opening and closing selection rounds (选派批次); each step audited. */
export class SelectionRoundService {
  open(ctx: Context, input: OpenSelectionRoundInput): Promise<MutationResult<SelectionRound>> {
    return runMutation(ctx, (ctx) =>
      records.create(
        ctx,
        'SelectionRound',
        {
          name: input.name.trim(),
          postingType: input.postingType,
          year: input.year,
          quota: input.quota,
          version: 1,
        },
        { action: 'selectionRound.open' },
      ),
    );
  }

  /** Locks the round FOR UPDATE: candidate mutations hold it FOR SHARE, so none runs past a close. */
  close(ctx: Context, input: CloseSelectionRoundInput): Promise<MutationResult<SelectionRound>> {
    return runMutation(ctx, (ctx) =>
      records.update(
        ctx,
        'SelectionRound',
        { globalId: input.roundId, field: 'roundId' },
        { action: 'selectionRound.close', expectedVersion: input.version },
      ),
    );
  }
}

export const selectionRoundService = new SelectionRoundService();
