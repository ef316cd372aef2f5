import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { forbidden } from '../../common/errors';
import { runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import type { Cadre } from './cadre.entity';
import { normalizePhone } from './phone';
import type { UpdateMyContactDetailsInput } from './dto/update-contact-details.input';

/** The trail keeps the contact details only: the rest of the record does not change here. */
const contactDetailsOf = (cadre: Cadre) => ({ phone: cadre.phone });

/** DESIGN §4: a cadre keeps their own contact details up to date. */
export class ContactDetailsService {
  update(ctx: Context, input: UpdateMyContactDetailsInput): Promise<MutationResult<Cadre>> {
    return runMutation(ctx, (ctx) => {
      const { cadreId } = requireViewer(ctx);
      if (cadreId === null)
        throw forbidden({
          en: 'Only a cadre’s own account has contact details',
          zh: '只有干部本人的账号才有联系方式',
        });
      const step = { action: 'cadre.updateContactDetails', trail: contactDetailsOf } as const;
      return records.update(ctx, 'Cadre', cadreId, step, (cadre) => {
        if (input.phone !== undefined)
          cadre.phone = input.phone ? normalizePhone(input.phone) : null;
      });
    });
  }
}

export const contactDetailsService = new ContactDetailsService();
