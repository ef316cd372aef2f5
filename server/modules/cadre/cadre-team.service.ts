import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { refuseProblems, textProblem } from '../../common/validation';
import { accountClosureService } from '../auth/account-closure.service';
import { PostingErrorCode } from '../posting/posting.errors';
import type { WriteNote } from '../unit/unit-write.service';
import { type Cadre, CadreStatus } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import {
  CadreDeparture,
  type RecordCadreDepartureInput,
  type SetLeadershipMembershipInput,
} from './dto/cadre-mutation.inputs';
import { labelOf } from '../../common/labels';
import { POSTING_STATUS_LABELS } from '../posting/posting.labels';
import type { PostingStatus } from '../posting/posting-type';
import { CADRE_STATUS_LABELS } from './cadre.labels';

const DEPARTURE_ACTION = {
  [CadreDeparture.RETIRED]: 'cadre.retire',
  [CadreDeparture.TRANSFERRED_OUT]: 'cadre.transferOut',
} as const satisfies Record<CadreDeparture, string>;

const DEPARTURE_LABEL = {
  [CadreDeparture.RETIRED]: '退休',
  [CadreDeparture.TRANSFERRED_OUT]: '调出',
} as const satisfies Record<CadreDeparture, string>;

const reasonOf = (reason: string | null | undefined): string | null => {
  if (reason == null) return null;
  refuseProblems([textProblem('reason', reason, { max: 2000, optional: true })]);
  return reason.trim() || null;
};

/**
 * A cadre's place on their unit's leadership team (班子成员) and their departure (退休, 调出).
 *
 * Leaving the team while mentoring is refused (CADRE_IS_MENTORING), as is departing: a mentor is
 * a member of the receiving unit's team (DESIGN §2), so the mentees get another mentor first
 * (`assignMentor` with `replaceCurrent`) rather than silently none, which `UNMANAGED_POSTING`
 * would only report weeks later. The cadre row is locked FOR UPDATE, as `assignMentor` locks the
 * mentor, so a concurrent assignment either sees the cadre off the team or is counted here.
 */
export class CadreTeamService {
  setLeadership(ctx: Context, input: SetLeadershipMembershipInput): Promise<MutationResult<Cadre>> {
    return runMutation(ctx, async (ctx) => {
      const reason = reasonOf(input.reason);
      const cadre = await records.lock(ctx, 'Cadre', { globalId: input.cadreId, field: 'cadreId' });
      await this.expectTeamChange(ctx, cadre, input.isLeadership);
      if (cadre.isLeadership === input.isLeadership) return cadre;
      return this.changeTeam(ctx, cadre, input.isLeadership, { reason });
    });
  }

  recordDeparture(ctx: Context, input: RecordCadreDepartureInput): Promise<MutationResult<Cadre>> {
    return runMutation(ctx, async (ctx) => {
      const reason = reasonOf(input.reason);
      const step = {
        action: DEPARTURE_ACTION[input.departure],
        expectedVersion: input.version,
        reason,
      } as const;
      const ref = { globalId: input.cadreId, field: 'cadreId' };
      return records.update(ctx, 'Cadre', ref, step, async (cadre) => {
        if (input.departedOn > today()) {
          refuse(
            CommonErrorCode.INVALID_DATES,
            { en: 'Record a departure once it happened', zh: '离岗须在实际发生后登记' },
            'departedOn',
          );
        }
        const [open] = await ctx.tx.query(
          `SELECT status FROM posting WHERE cadre_id = $1 AND status IN ('PLANNED', 'ACTIVE') LIMIT 1`,
          [cadre.id],
        );
        if (open) {
          refuse(
            PostingErrorCode.CADRE_HAS_OPEN_POSTING,
            {
              en: `${cadre.name} has a ${open.status} posting: complete or terminate it first`,
              zh: `${cadre.name}有一项${labelOf(POSTING_STATUS_LABELS, open.status as PostingStatus)}的挂职，请先办理期满返回或终止`,
            },
            'cadreId',
          );
        }
        await this.expectNotMentoring(ctx, cadre);
        cadre.departedOn = input.departedOn;
        cadre.isLeadership = false;
        // A cadre who left signs in no more: their own and their mentor account end with them.
        await accountClosureService.closeForCadre(
          ctx,
          cadre.id,
          `${DEPARTURE_LABEL[input.departure]} ${input.departedOn}`,
        );
      });
    });
  }

  /** Checks a change of team place (nothing to check when it stays): for upserts too. */
  async expectTeamChange(ctx: TxContext, cadre: Cadre, isLeadership: boolean): Promise<void> {
    if (isLeadership && cadre.status !== CadreStatus.ACTIVE) {
      refuse(
        CadreErrorCode.CADRE_DEPARTED,
        {
          en: `${cadre.name} is ${cadre.status}`,
          zh: `${cadre.name}的状态为${labelOf(CADRE_STATUS_LABELS, cadre.status)}`,
        },
        'cadreId',
      );
    }
    if (!isLeadership && cadre.isLeadership) await this.expectNotMentoring(ctx, cadre);
  }

  /** Puts a locked, checked cadre on or off the team, audited as `cadre.setLeadership`. */
  async changeTeam(
    ctx: TxContext,
    cadre: Cadre,
    isLeadership: boolean,
    note: WriteNote,
  ): Promise<Cadre> {
    const [changed] = await this.changeTeams(ctx, [{ cadre, isLeadership, reason: note.reason }]);
    return changed;
  }

  /** `changeTeam` for many locked, checked cadres at once (an import's chunk): one write path. */
  changeTeams(
    ctx: TxContext,
    moves: readonly { cadre: Cadre; isLeadership: boolean; reason?: string | null }[],
  ): Promise<Cadre[]> {
    return records.changeMany(
      ctx,
      'Cadre',
      moves.map(({ cadre, isLeadership, reason }) => ({
        record: cadre,
        reason,
        apply: () => {
          cadre.isLeadership = isLeadership;
        },
      })),
      { action: 'cadre.setLeadership' },
    );
  }

  private async expectNotMentoring(ctx: TxContext, cadre: Cadre): Promise<void> {
    const [{ mentees }] = await ctx.tx.query(
      'SELECT count(*)::int AS mentees FROM mentorship WHERE mentor_id = $1 AND end_date IS NULL',
      [cadre.id],
    );
    if (mentees > 0) {
      refuse(
        CadreErrorCode.CADRE_IS_MENTORING,
        {
          en: `${cadre.name} mentors ${mentees} posted cadre(s): assign them another mentor first`,
          zh: `${cadre.name}正在帮带 ${mentees} 名挂职干部，请先为其另行指定导师`,
        },
        'cadreId',
      );
    }
  }
}

export const cadreTeamService = new CadreTeamService();
