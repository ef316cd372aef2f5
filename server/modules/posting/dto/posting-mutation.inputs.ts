import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { NotBlank } from '../../../common/validation';
import { Field, ID, InputType, Int } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { PostingType } from '../posting-type';
import { CadreRank } from '../../cadre/cadre.entity';
import { FrontlineArea } from '../../unit/unit.entity';
import { POSITION_RANK_DESCRIPTION, Posting } from '../posting.entity';

@InputType({ description: 'A new posting (挂职) with its three definitions (三定).' })
export class CreatePostingInput {
  @Field(() => ID, { description: 'The cadre to post.' })
  cadreId!: string;

  @Field(() => ID, { description: 'The receiving unit (接收单位).' })
  receivingUnitId!: string;

  @Field(() => PostingType, { description: 'Kind of secondment (挂职类型).' })
  type!: PostingType;

  @Field({ description: 'Position held (定职).' })
  @Length(1, 200)
  @NotBlank()
  positionTitle!: string;

  @Field(() => CadreRank, { description: POSITION_RANK_DESCRIPTION })
  positionRank!: CadreRank;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'Front-line work area of the post (急难险重领域), for a FRONTLINE posting to a unit that is not itself a front-line unit (FRONTLINE_AREA_REQUIRED); any other type refuses it (INVALID_VALUE).',
  })
  frontlineArea?: FrontlineArea | null;

  @Field({
    defaultValue: true,
    description: 'A real post (实职) rather than a nominal one (虚职).',
  })
  isSubstantive!: boolean;

  @Field(() => [String], { defaultValue: [], description: 'Duties (定责).' })
  @ArrayMaxSize(50)
  @Length(1, 500, { each: true })
  @NotBlank({ each: true })
  responsibilities!: string[];

  @Field(() => String, { nullable: true, description: 'Development goals (定培养计划).' })
  @IsOptional()
  @MaxLength(5000)
  trainingPlan?: string | null;

  @Field(() => LocalDate, { description: 'First day.' })
  startDate!: string;

  @Field(() => LocalDate, { description: 'Planned last day.' })
  plannedEndDate!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The SELECTED candidate this posting comes from (选派).',
  })
  candidateId?: string | null;
}

@InputType({ description: 'Changes to a PLANNED posting; omitted fields stay as they are.' })
export class UpdatePostingInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;

  @Field(() => Int, { description: 'The version read; a newer one means someone else changed it.' })
  version!: number;

  @Field(() => ID, { nullable: true, description: 'New receiving unit.' })
  receivingUnitId?: string;

  @Field(() => String, { nullable: true, description: 'Position held (定职).' })
  @IsOptional()
  @Length(1, 200)
  @NotBlank()
  positionTitle?: string;

  @Field(() => CadreRank, {
    nullable: true,
    description: `New rank of the post (挂职职级); the type's rules are checked again. ${POSITION_RANK_DESCRIPTION}`,
  })
  positionRank?: CadreRank | null;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'Front-line work area of the post (急难险重领域); null clears it, omitted leaves it. A FRONTLINE posting keeps one unless its receiving unit has one; any other type has none (INVALID_VALUE).',
  })
  frontlineArea?: FrontlineArea | null;

  @Field(() => Boolean, { nullable: true, description: 'A real post (实职) or a nominal one.' })
  isSubstantive?: boolean;

  @Field(() => [String], { nullable: true, description: 'Duties (定责); replaces the list.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 500, { each: true })
  @NotBlank({ each: true })
  responsibilities?: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Development goals (定培养计划); null clears them.',
  })
  @IsOptional()
  @MaxLength(5000)
  trainingPlan?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'First day.' })
  startDate?: string;

  @Field(() => LocalDate, { nullable: true, description: 'Planned last day.' })
  plannedEndDate?: string;
}

@InputType({ description: 'Starts a PLANNED posting.' })
export class ActivatePostingInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;
}

@InputType({ description: 'Moves an ACTIVE posting’s planned end later (延期).' })
export class ExtendPostingInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;

  @Field(() => LocalDate, { description: 'New planned last day; later than the current one.' })
  plannedEndDate!: string;

  @Field({ description: 'Why the posting is extended (延期原因).' })
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
}

@InputType({
  description: 'Records the cadre’s return at the end of an ACTIVE posting (期满返回).',
})
export class CompletePostingInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;

  @Field(() => LocalDate, { description: 'Last day served.' })
  actualEndDate!: string;

  @Field(() => String, { nullable: true, description: 'Notes on the return (返回情况).' })
  @IsOptional()
  @MaxLength(2000)
  notes?: string;
}

@InputType({ description: 'Ends a PLANNED or ACTIVE posting early (提前终止).' })
export class TerminatePostingInput {
  @Field(() => ID, { description: 'The posting.' })
  postingId!: string;

  @Field({ description: 'Why (终止原因).' })
  @Length(1, 2000)
  @NotBlank()
  reason!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Last day; default today, or the start date if later.',
  })
  actualEndDate?: string;
}

export const PostingPayload = payloadType(Posting, 'posting', 'Posting');
