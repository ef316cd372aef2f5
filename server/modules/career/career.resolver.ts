import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { related } from '../../common/relations';
import { Cadre } from '../cadre/cadre.entity';
import { CareerEvent } from './career-event.entity';

@Resolver(() => CareerEvent)
export class CareerResolver {
  @FieldResolver(() => Cadre, { nullable: true, description: 'The cadre concerned.' })
  cadre(@Root() event: CareerEvent, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Cadre', event.cadreId);
  }
}
