import { MoreThan } from 'typeorm';
import type { Context, TxContext } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { type Cadre, type CadreRank, RANK_ORDER } from '../cadre/cadre.entity';
import { cadreTeamService } from '../cadre/cadre-team.service';
import { CareerEvent, CareerEventKind } from './career-event.entity';
import { UnitErrorCode } from '../unit/unit.errors';
import type { RecordCareerEventInput } from './dto/career-mutation.inputs';

/** 任免: recording appointments, promotions, transfers and reserve listings. */
export class CareerEventService {
  record(ctx: Context, input: RecordCareerEventInput): Promise<MutationResult<CareerEvent>> {
    return runMutation(ctx, async (ctx) => {
      const cadre = await records.lock(ctx, 'Cadre', { globalId: input.cadreId, field: 'cadreId' });
      if (input.date > today(ctx.now)) {
        refuse(
          CommonErrorCode.INVALID_DATES,
          { en: 'Record an event once it has taken effect', zh: '任职变动须在生效后登记' },
          'date',
        );
      }
      if (input.kind === CareerEventKind.TRANSFERRED && !input.unitId) {
        refuse(
          CommonErrorCode.INVALID_VALUE,
          { en: 'A transfer names the new home unit', zh: '调动须写明调入单位' },
          'unitId',
        );
      }
      // A back-dated event joins the history; only the newest one describes the cadre today.
      const newest = !(await ctx.tx.existsBy(CareerEvent, {
        cadreId: cadre.id,
        date: MoreThan(input.date),
      }));
      const rankBefore = newest ? cadre.rank : await rankOn(ctx, cadre.id, input.date);
      const raised =
        input.rank !== undefined &&
        (rankBefore === null || RANK_ORDER.indexOf(input.rank) > RANK_ORDER.indexOf(rankBefore));
      if (input.kind === CareerEventKind.PROMOTED && !raised) {
        refuse(
          CommonErrorCode.INVALID_VALUE,
          {
            en: `A promotion must raise the rank above ${rankBefore}`,
            zh: `晋升后的职级须高于原职级（${rankBefore}）`,
          },
          'rank',
        );
      }
      const unitId = input.unitId ? expectGlobalId(input.unitId, 'Unit', 'unitId') : null;
      const unit = unitId === null ? null : await records.lock(ctx, 'Unit', unitId, 'share');
      if (unit?.archivedOn) {
        refuse(
          UnitErrorCode.UNIT_ARCHIVED,
          {
            en: `${unit.name} is archived: it gets no new cadres`,
            zh: `${unit.name}已撤销归档，不再接收新干部`,
          },
          'unitId',
        );
      }

      // A leadership-team place (班子成员) is on the home unit's team: a transfer ends it, which a
      // mentor may not do while mentoring (CADRE_IS_MENTORING), as leaving the team directly.
      const leavesTeam =
        newest && unitId !== null && unitId !== cadre.homeUnitId && cadre.isLeadership;
      if (leavesTeam) await cadreTeamService.expectTeamChange(ctx, cadre, false);

      const event = await records.create(
        ctx,
        'CareerEvent',
        {
          cadreId: cadre.id,
          kind: input.kind,
          date: input.date,
          positionTitle: input.positionTitle?.trim() ?? null,
          rank: input.rank ?? null,
          documentNumber: input.documentNumber?.trim() ?? null,
        },
        { action: 'careerEvent.record' },
      );
      if (newest) await this.apply(ctx, cadre, input, unitId);
      return event;
    });
  }

  /** The newest event updates the cadre's record, in the same transaction and audited. */
  private async apply(
    ctx: TxContext,
    cadre: Cadre,
    input: RecordCareerEventInput,
    unitId: number | null,
  ): Promise<void> {
    const step = { action: CADRE_ACTION[input.kind], reason: input.documentNumber ?? null };
    await records.change(ctx, 'Cadre', cadre, step, () => {
      if (input.positionTitle) cadre.positionTitle = input.positionTitle.trim();
      if (input.rank) cadre.rank = input.rank;
      if (unitId !== null && unitId !== cadre.homeUnitId) {
        cadre.homeUnitId = unitId;
        cadre.isLeadership = false;
      }
      if (input.kind === CareerEventKind.RESERVE_LISTED) cadre.isReserve = true;
    });
  }
}

/** What the trail records on the cadre for each kind of event. */
const CADRE_ACTION = {
  [CareerEventKind.APPOINTED]: 'cadre.appointed',
  [CareerEventKind.PROMOTED]: 'cadre.promoted',
  [CareerEventKind.TRANSFERRED]: 'cadre.transferred',
  [CareerEventKind.RESERVE_LISTED]: 'cadre.reserve_listed',
} as const satisfies Record<CareerEventKind, string>;

/** The rank a cadre held on `date` by the history, or null when no event before it says. */
async function rankOn(ctx: TxContext, cadreId: number, date: string): Promise<CadreRank | null> {
  const [row] = await ctx.tx.query(
    `SELECT rank FROM career_event WHERE cadre_id = $1 AND date <= $2 AND rank IS NOT NULL
      ORDER BY date DESC, id DESC LIMIT 1`,
    [cadreId, date],
  );
  return (row?.rank as CadreRank | undefined) ?? null;
}

export const careerEventService = new CareerEventService();
