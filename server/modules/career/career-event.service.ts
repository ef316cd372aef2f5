import { type EntityManager, MoreThan } from 'typeorm';
import type { Context } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId, lockForWrite } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { auditService, snapshot } from '../audit/audit.service';
import { type Cadre, type CadreRank, RANK_ORDER } from '../cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from './career-event.entity';
import type { RecordCareerEventInput } from './dto/career-mutation.inputs';

/** 任免: recording appointments, promotions, transfers and reserve listings. */
export class CareerEventService {
  record(ctx: Context, input: RecordCareerEventInput): Promise<MutationResult<CareerEvent>> {
    return runMutation(ctx, async (tx) => {
      const cadre = await lockByGlobalId(tx, ctx, 'Cadre', input.cadreId, 'cadreId');
      if (input.date > today()) {
        refuse(CommonErrorCode.INVALID_DATES, 'Record an event once it has taken effect', 'date');
      }
      if (input.kind === CareerEventKind.TRANSFERRED && !input.unitId) {
        refuse(CommonErrorCode.INVALID_VALUE, 'A transfer names the new home unit', 'unitId');
      }
      // A back-dated event joins the history; only the newest one describes the cadre today.
      const newest = !(await tx.existsBy(CareerEvent, {
        cadreId: cadre.id,
        date: MoreThan(input.date),
      }));
      const rankBefore = newest ? cadre.rank : await rankOn(tx, cadre.id, input.date);
      const raised =
        input.rank !== undefined &&
        (rankBefore === null || RANK_ORDER.indexOf(input.rank) > RANK_ORDER.indexOf(rankBefore));
      if (input.kind === CareerEventKind.PROMOTED && !raised) {
        refuse(
          CommonErrorCode.INVALID_VALUE,
          `A promotion must raise the rank above ${rankBefore}`,
          'rank',
        );
      }
      const unitId = input.unitId ? expectGlobalId(input.unitId, 'Unit', 'unitId') : null;
      if (unitId !== null) await lockForWrite(tx, ctx, 'Unit', unitId, 'share');

      const event = await tx.save(
        tx.create(CareerEvent, {
          cadreId: cadre.id,
          kind: input.kind,
          date: input.date,
          positionTitle: input.positionTitle?.trim() ?? null,
          rank: input.rank ?? null,
          documentNumber: input.documentNumber?.trim() ?? null,
        }),
      );
      await auditService.record(tx, ctx, {
        action: 'careerEvent.record',
        entity: 'CareerEvent',
        entityId: event.id,
        after: event,
      });
      if (newest) await this.apply(tx, ctx, cadre, input, unitId);
      return event;
    });
  }

  /** The newest event updates the cadre's record, in the same transaction and audited. */
  private async apply(
    tx: EntityManager,
    ctx: Context,
    cadre: Cadre,
    input: RecordCareerEventInput,
    unitId: number | null,
  ): Promise<void> {
    const before = snapshot(cadre);
    if (input.positionTitle) cadre.positionTitle = input.positionTitle.trim();
    if (input.rank) cadre.rank = input.rank;
    if (unitId !== null) cadre.homeUnitId = unitId;
    if (input.kind === CareerEventKind.RESERVE_LISTED) cadre.isReserve = true;
    await tx.save(cadre);
    await auditService.record(tx, ctx, {
      action: `cadre.${input.kind.toLowerCase()}`,
      entity: 'Cadre',
      entityId: cadre.id,
      before,
      after: cadre,
      reason: input.documentNumber ?? null,
    });
  }
}

/** The rank a cadre held on `date` by the history, or null when no event before it says. */
async function rankOn(tx: EntityManager, cadreId: number, date: string): Promise<CadreRank | null> {
  const [row] = await tx.query(
    `SELECT rank FROM career_event WHERE cadre_id = $1 AND date <= $2 AND rank IS NOT NULL
      ORDER BY date DESC, id DESC LIMIT 1`,
    [cadreId, date],
  );
  return (row?.rank as CadreRank | undefined) ?? null;
}

export const careerEventService = new CareerEventService();
