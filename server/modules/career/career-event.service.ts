import type { Context } from '../../context';
import { today } from '../../common/dates';
import { expectGlobalId } from '../../common/global-id';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { lockByGlobalId, lockForWrite } from '../../common/records';
import { UserErrorCode } from '../../common/user-error';
import { auditService, snapshot } from '../audit/audit.service';
import { RANK_ORDER } from '../cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from './career-event.entity';
import type { RecordCareerEventInput } from './dto/career-mutation.inputs';

/** 任免: recording appointments, promotions, transfers and reserve listings. */
export class CareerEventService {
  record(ctx: Context, input: RecordCareerEventInput): Promise<MutationResult<CareerEvent>> {
    return runMutation(ctx, async (tx) => {
      const cadre = await lockByGlobalId(tx, ctx, 'Cadre', input.cadreId, 'cadreId');
      const rankRaised =
        input.rank && RANK_ORDER.indexOf(input.rank) > RANK_ORDER.indexOf(cadre.rank);
      if (input.kind === CareerEventKind.PROMOTED && !rankRaised) {
        refuse(
          UserErrorCode.INVALID_VALUE,
          `A promotion must raise the rank above ${cadre.rank}`,
          'rank',
        );
      }
      if (input.kind === CareerEventKind.TRANSFERRED && !input.unitId) {
        refuse(UserErrorCode.INVALID_VALUE, 'A transfer names the new home unit', 'unitId');
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

      // The cadre's record shows where they stand today; future-dated events wait for their date.
      if (input.date <= today()) {
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
      return event;
    });
  }
}

export const careerEventService = new CareerEventService();
