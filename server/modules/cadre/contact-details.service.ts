import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { forbidden } from '../../common/errors';
import { runMutation, type MutationResult } from '../../common/mutation';
import { lockForWrite } from '../../common/records';
import { auditService, snapshot } from '../audit/audit.service';
import type { Cadre } from './cadre.entity';
import type { UpdateMyContactDetailsInput } from './dto/update-contact-details.input';

/** DESIGN §4: a cadre keeps their own contact details up to date. */
export class ContactDetailsService {
  update(ctx: Context, input: UpdateMyContactDetailsInput): Promise<MutationResult<Cadre>> {
    return runMutation(ctx, async (ctx) => {
      const { cadreId } = requireViewer(ctx);
      if (cadreId === null) throw forbidden('Only a cadre’s own account has contact details');
      const cadre = await lockForWrite(ctx, 'Cadre', cadreId);
      const before = snapshot({ phone: cadre.phone });
      if (input.phone !== undefined) cadre.phone = input.phone?.trim() || null;
      const saved = await ctx.tx.save(cadre);
      await auditService.record(ctx, {
        action: 'cadre.updateContactDetails',
        entity: 'Cadre',
        entityId: cadre.id,
        before,
        after: { phone: saved.phone },
      });
      return saved;
    });
  }
}

export const contactDetailsService = new ContactDetailsService();
