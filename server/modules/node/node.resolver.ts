import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow, everyRole } from '../../common/permission';
import { Node } from '../../common/node';
import { nodeService } from './node.service';

@Resolver()
export class NodeResolver {
  @Allow(everyRole)
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global ID (Relay). NOT_FOUND if you may not read it.',
  })
  node(@Arg('id', () => ID, { description: 'Global ID.' }) id: string, @Ctx() ctx: Context) {
    return nodeService.find(ctx, id);
  }

  @Allow(everyRole)
  @Query(() => [Node], {
    nullable: 'items',
    description: 'Objects by global IDs, in order; at most 100.',
  })
  nodes(
    @Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[],
    @Ctx() ctx: Context,
  ) {
    return nodeService.findMany(ctx, ids);
  }
}
