import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Cadre } from '../cadre/cadre.entity';
import { timeline, TimelineEntry } from './timeline';

@Resolver(() => Cadre)
export class TimelineResolver {
  @FieldResolver(() => [TimelineEntry], {
    description:
      'Career events and postings in date order (成长轨迹), as far as the viewer may read them.',
  })
  timeline(@Root() cadre: Cadre, @Ctx() ctx: Context) {
    return timeline(ctx, cadre.id);
  }
}
