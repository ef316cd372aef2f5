import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { careerPolicy } from './career.policy';
import { careerEventService } from './career-event.service';
import { CareerEventPayload, RecordCareerEventInput } from './dto/career-mutation.inputs';

@Resolver()
export class CareerMutationResolver {
  @Allow(careerPolicy.may.record)
  @Mutation(() => CareerEventPayload, {
    description:
      'Records an appointment, promotion, transfer or reserve listing (任免) once in effect; the newest event updates the cadre.',
  })
  async recordCareerEvent(
    @Arg('input', { description: 'The event.' }) input: RecordCareerEventInput,
    @Ctx() ctx: Context,
  ) {
    return CareerEventPayload.from(await careerEventService.record(ctx, input));
  }
}
