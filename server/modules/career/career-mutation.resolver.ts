import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ADMIN } from '../auth/roles';
import { Cadre } from '../cadre/cadre.entity';
import { careerEventService } from './career-event.service';
import { CareerEventPayload, RecordCareerEventInput } from './dto/career-mutation.inputs';
import { timeline, TimelineEntry } from './timeline';

@Resolver(() => Cadre)
export class CareerMutationResolver {
  @Authorized(...ADMIN)
  @Mutation(() => CareerEventPayload, {
    description:
      'Records an appointment, promotion, transfer or reserve listing (任免); updates the cadre.',
  })
  async recordCareerEvent(
    @Arg('input', { description: 'The event.' }) input: RecordCareerEventInput,
    @Ctx() ctx: Context,
  ) {
    return CareerEventPayload.from(await careerEventService.record(ctx, input));
  }

  @FieldResolver(() => [TimelineEntry], {
    description:
      'Career events and postings in date order (成长轨迹), as far as the viewer may read them.',
  })
  timeline(@Root() cadre: Cadre, @Ctx() ctx: Context) {
    return timeline(ctx, cadre.id);
  }
}
