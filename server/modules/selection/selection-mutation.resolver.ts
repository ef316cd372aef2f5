import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { selectionPolicy } from './selection.policy';
import { candidateService as candidates } from './candidate.service';
import {
  CandidatePayload,
  CloseSelectionRoundInput,
  NominateCandidateInput,
  OpenSelectionRoundInput,
  RecordCandidateScoresInput,
  RecordInspectionInput,
  RecordTrainingCompletedInput,
  RejectCandidateInput,
  SelectCandidateInput,
  SelectionRoundPayload,
  ShortlistCandidateInput,
} from './dto/selection-mutation.inputs';
import { selectionRoundService as rounds } from './selection-round.service';

const input = { description: 'What to change.' };

/** Selection mutations: thin, each hands its input to the service. */
@Resolver()
export class SelectionMutationResolver {
  @Allow(selectionPolicy.may.openRound)
  @Mutation(() => SelectionRoundPayload, {
    description: 'Opens a selection round (选派批次) with its posting type, year and quota.',
  })
  async openSelectionRound(
    @Arg('input', input) args: OpenSelectionRoundInput,
    @Ctx() ctx: Context,
  ) {
    return SelectionRoundPayload.from(await rounds.open(ctx, args));
  }

  @Allow(selectionPolicy.may.closeRound)
  @Mutation(() => SelectionRoundPayload, {
    description: 'OPEN → CLOSED: no more nominations or changes to its candidates.',
  })
  async closeSelectionRound(
    @Arg('input', input) args: CloseSelectionRoundInput,
    @Ctx() ctx: Context,
  ) {
    return SelectionRoundPayload.from(await rounds.close(ctx, args));
  }

  @Allow(selectionPolicy.may.nominate)
  @Mutation(() => CandidatePayload, {
    description:
      'Nominates a cadre in an OPEN round (推荐); a unit manager only cadres of their own unit.',
  })
  async nominateCandidate(@Arg('input', input) args: NominateCandidateInput, @Ctx() ctx: Context) {
    return CandidatePayload.from(await candidates.nominate(ctx, args));
  }

  @Allow(selectionPolicy.may.recordScores)
  @Mutation(() => CandidatePayload, {
    description: 'Records written exam and/or interview scores (笔试, 面试) before the decision.',
  })
  async recordCandidateScores(
    @Arg('input', input) args: RecordCandidateScoresInput,
    @Ctx() ctx: Context,
  ) {
    return CandidatePayload.from(await candidates.recordScores(ctx, args));
  }

  @Allow(selectionPolicy.may.recordInspection)
  @Mutation(() => CandidatePayload, {
    description: 'Records the organisational inspection (组织考察) before the decision.',
  })
  async recordInspection(@Arg('input', input) args: RecordInspectionInput, @Ctx() ctx: Context) {
    return CandidatePayload.from(await candidates.recordInspection(ctx, args));
  }

  @Allow(selectionPolicy.may.shortlist)
  @Mutation(() => CandidatePayload, { description: 'NOMINATED → SHORTLISTED (入围).' })
  async shortlistCandidate(
    @Arg('input', input) args: ShortlistCandidateInput,
    @Ctx() ctx: Context,
  ) {
    return CandidatePayload.from(await candidates.shortlist(ctx, args));
  }

  @Allow(selectionPolicy.may.select)
  @Mutation(() => CandidatePayload, {
    description:
      'SHORTLISTED → SELECTED (选派): needs both scores and a passed inspection; never exceeds the quota.',
  })
  async selectCandidate(@Arg('input', input) args: SelectCandidateInput, @Ctx() ctx: Context) {
    return CandidatePayload.from(await candidates.select(ctx, args));
  }

  @Allow(selectionPolicy.may.reject)
  @Mutation(() => CandidatePayload, {
    description: 'NOMINATED or SHORTLISTED → REJECTED (未选派), with a reason.',
  })
  async rejectCandidate(@Arg('input', input) args: RejectCandidateInput, @Ctx() ctx: Context) {
    return CandidatePayload.from(await candidates.reject(ctx, args));
  }

  @Allow(selectionPolicy.may.recordTrainingCompleted)
  @Mutation(() => CandidatePayload, {
    description:
      'Records that a SELECTED candidate finished pre-posting training (岗前培训); then they can be posted.',
  })
  async recordTrainingCompleted(
    @Arg('input', input) args: RecordTrainingCompletedInput,
    @Ctx() ctx: Context,
  ) {
    return CandidatePayload.from(await candidates.recordTrainingCompleted(ctx, args));
  }
}
