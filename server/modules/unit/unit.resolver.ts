import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { unitPolicy } from './unit.policy';
import { related } from '../../common/relations';
import { CadreConnection, CadreListArgs } from '../cadre/dto/cadre-list.args';
import { cadreService } from '../cadre/cadre.service';
import { PostingConnection, PostingListArgs } from '../posting/dto/posting-list.args';
import { postingService } from '../posting/posting.service';
import { UnitConnection, UnitListArgs } from './dto/unit-list.args';
import { Unit } from './unit.entity';
import { unitService } from './unit.service';

@Resolver(() => Unit)
export class UnitResolver {
  @Allow(unitPolicy.may.list)
  @Query(() => UnitConnection, { description: 'Units (单位): the directory every role may read.' })
  async units(@Args() args: UnitListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return new UnitConnection(await unitService.list(ctx, selecting(ctx, info, 'Unit', args)));
  }

  @FieldResolver(() => Unit, {
    nullable: true,
    description: 'The unit this one belongs to (上级单位).',
  })
  parent(@Root() unit: Unit, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Unit', unit.parentId);
  }

  @FieldResolver(() => UnitConnection, { description: 'Units directly under this one (下属单位).' })
  async children(
    @Root() unit: Unit,
    @Args() args: UnitListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new UnitConnection(
      await unitService.list(ctx, selecting(ctx, info, 'Unit', args), {
        column: 'parent_id',
        id: unit.id,
      }),
    );
  }

  @FieldResolver(() => CadreConnection, {
    description: 'Cadres of this unit the viewer may read (本单位干部).',
  })
  async cadres(
    @Root() unit: Unit,
    @Args() args: CadreListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new CadreConnection(
      await cadreService.list(ctx, selecting(ctx, info, 'Cadre', args), {
        column: 'home_unit_id',
        id: unit.id,
      }),
    );
  }

  @FieldResolver(() => CadreConnection, {
    description: 'The leadership team (领导班子): cadres flagged isLeadership.',
  })
  async leadershipTeam(
    @Root() unit: Unit,
    @Args() args: CadreListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new CadreConnection(
      await cadreService.list(
        ctx,
        selecting(ctx, info, 'Cadre', args),
        { column: 'home_unit_id', id: unit.id },
        true,
      ),
    );
  }

  @FieldResolver(() => PostingConnection, { description: 'Postings this unit hosts (接收挂职).' })
  async postingsReceived(
    @Root() unit: Unit,
    @Args() args: PostingListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new PostingConnection(
      await postingService.list(ctx, selecting(ctx, info, 'Posting', args), {
        column: 'receiving_unit_id',
        id: unit.id,
      }),
    );
  }

  @FieldResolver(() => PostingConnection, {
    description: 'Postings of this unit’s cadres elsewhere (派出挂职).',
  })
  async postingsSent(
    @Root() unit: Unit,
    @Args() args: PostingListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new PostingConnection(
      await postingService.list(ctx, selecting(ctx, info, 'Posting', args), {
        column: 'sending_unit_id',
        id: unit.id,
      }),
    );
  }
}
