import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Args,
  Ctx,
  Field,
  FieldResolver,
  Float,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  Info,
} from 'type-graphql';
import type { Context } from '../../context';
import { FieldRule } from '../../common/field-rule';
import { Allow } from '../../common/permission';
import { evaluationPolicy } from './evaluation.policy';
import { related } from '../../common/relations';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { EvaluationConnection, EvaluationListArgs } from './dto/evaluation-list.args';
import { EvaluationDimension, SCORE_COLUMNS } from './evaluation-enums';
import { Evaluation } from './evaluation.entity';
import { meanScore, round2, evaluationScoringService } from './evaluation-scoring.service';
import { evaluationService } from './evaluation.service';

@ObjectType({ description: 'A score on one dimension (维度得分).' })
export class DimensionScore {
  @Field(() => EvaluationDimension, { description: 'Dimension scored.' })
  dimension!: EvaluationDimension;

  @Field(() => Int, { description: 'Score 0–100.' })
  score!: number;
}

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Allow(evaluationPolicy.may.list)
  @Query(() => EvaluationConnection, { description: 'Evaluations (考核) the viewer may read.' })
  async evaluations(
    @Args() args: EvaluationListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new EvaluationConnection(
      await evaluationService.list(ctx, selecting(ctx, info, 'Evaluation', args)),
    );
  }

  @FieldResolver(() => Posting, { nullable: true, description: 'The posting assessed.' })
  posting(@Root() evaluation: Evaluation, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Posting', evaluation.postingId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who wrote the evaluation (考核人).' })
  evaluator(@Root() evaluation: Evaluation, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', evaluation.evaluatorId);
  }

  @FieldResolver(() => [DimensionScore], {
    description: 'Scores given, one per dimension scored (分项得分).',
  })
  scores(@Root() evaluation: Evaluation): DimensionScore[] {
    return Object.values(EvaluationDimension).flatMap((dimension) => {
      const score = evaluation[SCORE_COLUMNS[dimension]];
      return score === null ? [] : [{ dimension, score }];
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Mean of the dimension scores (平均分).',
  })
  averageScore(@Root() evaluation: Evaluation): number | null {
    const mean = meanScore(evaluation);
    return mean === null ? null : round2(mean);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'FINAL evaluations only (综合得分): routineWeight × mean of the posting’s finalized ROUTINE evaluations + trackingWeight × mean of its finalized TRACKING_INSPECTION ones + finalWeight × this one’s mean (each evaluation counted by its own mean), weights from the Policy and shared out over the parts present; 2 decimals. Once FINALIZED the score is frozen: computed at finalization over all those evaluations with the weights then in force, the same for every reader, and never recomputed (null if none was recorded). Before that it is a live preview with the current weights over the evaluations the viewer may read. Null for other kinds.',
  })
  overallScore(@Root() evaluation: Evaluation, @Ctx() ctx: Context): Promise<number | null> {
    return evaluationScoringService.overallScore(ctx, evaluation);
  }

  @FieldRule(evaluationPolicy.narrative)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Evaluator's comments (评语); hidden from analysts and from mentors (but their own).",
  })
  comments(@Root() evaluation: Evaluation) {
    return evaluation.comments;
  }

  @FieldRule(evaluationPolicy.narrative)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Tracking inspections: what was found (考察发现); hidden from analysts and mentors (but their own).',
  })
  findings(@Root() evaluation: Evaluation) {
    return evaluation.findings;
  }
}
