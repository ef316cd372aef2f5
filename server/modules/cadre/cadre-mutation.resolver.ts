import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Role } from '../../common/role';
import { contactDetailsService } from './contact-details.service';
import { CadrePayload, UpdateMyContactDetailsInput } from './dto/update-contact-details.input';

@Resolver()
export class CadreMutationResolver {
  @Authorized(Role.CADRE, Role.MENTOR)
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
