import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { cadrePolicy } from './cadre.policy';
import { contactDetailsService } from './contact-details.service';
import { CadrePayload, UpdateMyContactDetailsInput } from './dto/update-contact-details.input';

@Resolver()
export class CadreMutationResolver {
  @Allow(cadrePolicy.may.updateContactDetails)
  @Mutation(() => CadrePayload, {
    description: 'Updates the signed-in cadre’s own contact details (联系方式).',
  })
  async updateMyContactDetails(
    @Arg('input', { description: 'The new details.' }) input: UpdateMyContactDetailsInput,
    @Ctx() ctx: Context,
  ) {
    return CadrePayload.from(await contactDetailsService.update(ctx, input));
  }
}
