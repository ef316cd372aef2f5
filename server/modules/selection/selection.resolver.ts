import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { selectionPolicy } from './selection.policy';
import { related, required } from '../../common/relations';
import { Cadre } from '../cadre/cadre.entity';
import { Unit } from '../unit/unit.entity';
import { Candidate } from './candidate.entity';
import {
  CandidateConnection,
  CandidateListArgs,
  SelectionRoundConnection,
  SelectionRoundListArgs,
} from './dto/selection-list.args';
import { SelectionRound } from './selection-round.entity';
import { selectionService } from './selection.service';

@Resolver(() => SelectionRound)
export class SelectionRoundResolver {
  @Allow(selectionPolicy.may.listRounds)
  @Query(() => SelectionRoundConnection, { description: 'Selection rounds (选派批次).' })
  async selectionRounds(
    @Args() args: SelectionRoundListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new SelectionRoundConnection(
      await selectionService.rounds(ctx, selecting(ctx, info, 'SelectionRound', args)),
    );
  }

  @FieldResolver(() => CandidateConnection, {
    description: 'Candidates of this round the viewer may read.',
  })
  async candidates(
    @Root() round: SelectionRound,
    @Args() args: CandidateListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new CandidateConnection(
      await selectionService.candidates(ctx, selecting(ctx, info, 'Candidate', args), {
        column: 'round_id',
        id: round.id,
      }),
    );
  }

  @FieldResolver(() => Int, {
    description:
      'SELECTED candidates (已选派) among those the viewer may read: the whole round for the org department and analysts, own unit’s for a unit manager.',
  })
  selectedCount(@Root() round: SelectionRound, @Ctx() ctx: Context) {
    return selectionService.selectedCount(ctx, round.id);
  }

  @FieldResolver(() => Int, {
    description:
      'Places left (剩余名额): quota minus selectedCount, so exact only for viewers who read every candidate.',
  })
  async remainingQuota(@Root() round: SelectionRound, @Ctx() ctx: Context) {
    return Math.max(0, round.quota - (await selectionService.selectedCount(ctx, round.id)));
  }
}

@Resolver(() => Candidate)
export class CandidateResolver {
  @FieldResolver(() => SelectionRound, { nullable: true, description: 'The round nominated in.' })
  round(@Root() candidate: Candidate, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'SelectionRound', candidate.roundId);
  }

  @FieldResolver(() => Cadre, { nullable: true, description: 'The nominated cadre.' })
  cadre(@Root() candidate: Candidate, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Cadre', candidate.cadreId);
  }

  @FieldResolver(() => Unit, { description: 'The unit that nominated the cadre (推荐单位).' })
  nominatingUnit(
    @Root() candidate: Candidate,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return required(ctx, info, 'Unit', candidate.nominatingUnitId);
  }
}
