import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { Decimal, NotBlank } from '../../../common/validation';
import { PostingType } from '../../posting/posting-type';
import { Candidate, InspectionResult } from '../candidate.entity';
import { SelectionRound } from '../selection-round.entity';

@InputType({ description: 'A new selection round (选派批次), OPEN for nominations.' })
export class OpenSelectionRoundInput {
  @Field({ description: 'Name of the round, e.g. "2026年高挂公开选派" (批次名称).' })
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @Field(() => PostingType, { description: 'Type of posting the selected cadres will take.' })
  postingType!: PostingType;

  @Field(() => Int, { description: 'Year of the round (年度), 2000–2100.' })
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field(() => Int, { description: 'How many cadres may be selected (名额), at least 1.' })
  @Min(1)
  @Max(10000)
  quota!: number;
}

@InputType({ description: 'Closes an OPEN round: its candidates can no longer change.' })
export class CloseSelectionRoundInput {
  @Field(() => ID, { description: 'The round.' })
  roundId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version read; when sent, a newer one means someone else changed it.',
  })
  version?: number | null;
}

@InputType({ description: 'Nominates a cadre as a candidate of an OPEN round (推荐).' })
export class NominateCandidateInput {
  @Field(() => ID, { description: 'The round.' })
  roundId!: string;

  @Field(() => ID, {
    description: 'The cadre; a unit manager may nominate only cadres of their own unit.',
  })
  cadreId!: string;
}

/**
 * The candidate every candidate mutation acts on, with an optional optimistic-lock check. Only a
 * base class: type-graphql emits input types that are referenced, and this one never is.
 */
@InputType('CandidateRef', { description: 'A candidate and the version read.' })
abstract class CandidateRef {
  @Field(() => ID, { description: 'The candidate.' })
  candidateId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The version read; when sent, a newer one means someone else changed it.',
  })
  version?: number | null;
}

@InputType({
  description:
    'Records written exam and interview scores (笔试, 面试), 0–100; omitted or null keeps a score.',
})
export class RecordCandidateScoresInput extends CandidateRef {
  @Field(() => Float, { nullable: true, description: 'Written exam score (笔试成绩), 0–100.' })
  @IsOptional()
  @Decimal(2)
  @Min(0)
  @Max(100)
  writtenExamScore?: number | null;

  @Field(() => Float, { nullable: true, description: 'Interview score (面试成绩), 0–100.' })
  @IsOptional()
  @Decimal(2)
  @Min(0)
  @Max(100)
  interviewScore?: number | null;
}

@InputType({ description: 'Records the organisational inspection (组织考察) of a candidate.' })
export class RecordInspectionInput extends CandidateRef {
  @Field(() => InspectionResult, { description: 'PASS or FAIL (考察结果).' })
  result!: InspectionResult;

  @Field({ description: 'The inspection’s findings (考察意见).' })
  @Length(1, 5000)
  @NotBlank()
  notes!: string;
}

@InputType({ description: 'Moves a NOMINATED candidate onto the shortlist (入围).' })
export class ShortlistCandidateInput extends CandidateRef {}

@InputType({
  description: 'Selects a SHORTLISTED candidate (选派), within the round’s quota.',
})
export class SelectCandidateInput extends CandidateRef {}

@InputType({ description: 'Rejects a NOMINATED or SHORTLISTED candidate (未选派).' })
export class RejectCandidateInput extends CandidateRef {
  @Field({ description: 'Why (理由); kept in the audit trail.' })
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
}

@InputType({ description: 'Records that a SELECTED candidate finished pre-posting training.' })
export class RecordTrainingCompletedInput extends CandidateRef {
  @Field(() => Date, {
    nullable: true,
    description:
      'When training was completed (岗前培训完成时间); default now, never in the future.',
  })
  completedAt?: Date | null;
}

export const SelectionRoundPayload = payloadType(
  SelectionRound,
  'selectionRound',
  'SelectionRound',
);
export const CandidatePayload = payloadType(Candidate, 'candidate', 'Candidate');
