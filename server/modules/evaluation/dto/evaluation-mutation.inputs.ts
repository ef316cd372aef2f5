import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { EvaluationDimension, EvaluationKind, Grade } from '../evaluation-enums';
import { Evaluation } from '../evaluation.entity';

@InputType({ description: 'A score on one dimension (维度得分).' })
export class DimensionScoreInput {
  @Field(() => EvaluationDimension, { description: 'Dimension scored.' })
  dimension!: EvaluationDimension;

  @Field(() => Int, { description: 'Score 0–100.' })
  score!: number;
}

@InputType({ description: 'A new DRAFT evaluation (考核).' })
export class CreateEvaluationInput {
  @Field(() => ID, { description: 'The posting assessed.' })
  postingId!: string;

  @Field(() => EvaluationKind, {
    description:
      'ROUTINE: receiving-unit manager or current mentor; TRACKING_INSPECTION: org department; FINAL: receiving-unit manager (one per posting).',
  })
  kind!: EvaluationKind;

  @Field(() => LocalDate, { description: 'Date of the assessment (考核日期); not in the future.' })
  date!: string;

  @Field(() => [DimensionScoreInput], {
    defaultValue: [],
    description: 'Scores given so far, each dimension at most once; all seven before submitting.',
  })
  @ArrayMaxSize(7)
  scores!: DimensionScoreInput[];

  @Field(() => Grade, {
    nullable: true,
    description: 'Grade (考核等次); needed before submitting.',
  })
  grade?: Grade | null;

  @Field({ defaultValue: '', description: 'Evaluator’s comments (评语).' })
  @MaxLength(5000)
  comments!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Tracking inspections only: people interviewed (个别谈话人数).',
  })
  interviewCount?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Tracking inspections only: what was found (考察发现).',
  })
  @IsOptional()
  @MaxLength(5000)
  findings?: string | null;
}

@InputType({
  description: 'Changes to a DRAFT evaluation; omitted fields stay, null clears a nullable one.',
})
export class UpdateEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  evaluationId!: string;

  @Field(() => Int, { description: 'The version read; a newer one means someone else changed it.' })
  version!: number;

  @Field(() => LocalDate, { nullable: true, description: 'Date of the assessment (考核日期).' })
  date?: string | null;

  @Field(() => [DimensionScoreInput], {
    nullable: true,
    description: 'Scores to set; dimensions not listed keep their score.',
  })
  @IsOptional()
  @ArrayMaxSize(7)
  scores?: DimensionScoreInput[] | null;

  @Field(() => Grade, { nullable: true, description: 'Grade (考核等次).' })
  grade?: Grade | null;

  @Field(() => String, { nullable: true, description: 'Evaluator’s comments (评语).' })
  @IsOptional()
  @MaxLength(5000)
  comments?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Tracking inspections only: people interviewed (个别谈话人数).',
  })
  interviewCount?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Tracking inspections only: what was found (考察发现).',
  })
  @IsOptional()
  @MaxLength(5000)
  findings?: string | null;
}

@InputType({ description: 'Submits a complete DRAFT evaluation (DRAFT → SUBMITTED).' })
export class SubmitEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  evaluationId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version read; when given, a newer one refuses the step (STALE_VERSION).',
  })
  version?: number | null;
}

@InputType({ description: 'Finalizes a SUBMITTED evaluation (SUBMITTED → FINALIZED).' })
export class FinalizeEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  evaluationId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version read; when given, a newer one refuses the step (STALE_VERSION).',
  })
  version?: number | null;
}

@InputType({
  description: 'Returns a SUBMITTED evaluation to its author as a DRAFT (退回), with the reason.',
})
export class ReturnEvaluationInput {
  @Field(() => ID, { description: 'The evaluation.' })
  evaluationId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version read; when given, a newer one refuses the step (STALE_VERSION).',
  })
  version?: number | null;

  @Field({
    description:
      'Why it goes back (退回原因), 1–2000 characters; recorded in the audit trail for the author.',
  })
  reason!: string;
}

export const EvaluationPayload = payloadType(Evaluation, 'evaluation', 'Evaluation');
