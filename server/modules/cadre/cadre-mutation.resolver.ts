import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { cadrePolicy } from './cadre.policy';
import { cadreTeamService } from './cadre-team.service';
import { cadreWriteService } from './cadre-write.service';
import { contactDetailsService } from './contact-details.service';
import {
  CreateCadreInput,
  RecordCadreDepartureInput,
  SetLeadershipMembershipInput,
  UpdateCadreInput,
} from './dto/cadre-mutation.inputs';
import { CadrePayload, UpdateMyContactDetailsInput } from './dto/update-contact-details.input';

const input = { description: 'What to change.' };

@Resolver()
export class CadreMutationResolver {
  @Allow(cadrePolicy.may.create)
  @Mutation(() => CadrePayload, {
    description: 'Adds a cadre (干部) to an active unit; the ID number must be valid and unique.',
  })
  async createCadre(@Arg('input', input) args: CreateCadreInput, @Ctx() ctx: Context) {
    return CadrePayload.from(await cadreWriteService.create(ctx, args));
  }

  @Allow(cadrePolicy.may.update)
  @Mutation(() => CadrePayload, {
    description:
      'Corrects a cadre’s profile (optimistic version check); not the home unit (a TRANSFERRED career event) nor the team place.',
  })
  async updateCadre(@Arg('input', input) args: UpdateCadreInput, @Ctx() ctx: Context) {
    return CadrePayload.from(await cadreWriteService.update(ctx, args));
  }

  @Allow(cadrePolicy.may.setLeadership)
  @Mutation(() => CadrePayload, {
    description:
      'Puts a serving cadre on their unit’s leadership team (班子成员) or takes them off; refused while they mentor.',
  })
  async setLeadershipMembership(
    @Arg('input', input) args: SetLeadershipMembershipInput,
    @Ctx() ctx: Context,
  ) {
    return CadrePayload.from(await cadreTeamService.setLeadership(ctx, args));
  }

  @Allow(cadrePolicy.may.recordDeparture)
  @Mutation(() => CadrePayload, {
    description:
      'Records that a cadre retired or transferred out (退休/调出); refused while they have an open posting or mentor.',
  })
  async recordCadreDeparture(
    @Arg('input', input) args: RecordCadreDepartureInput,
    @Ctx() ctx: Context,
  ) {
    return CadrePayload.from(await cadreTeamService.recordDeparture(ctx, args));
  }

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
