import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { NotBlank } from '../../../common/validation';
import { CadreRank } from '../../cadre/cadre.entity';
import { CareerEvent, CareerEventKind } from '../career-event.entity';

@InputType({
  description: 'A step of a cadre’s career (任免事项), e.g. a promotion after a posting.',
})
export class RecordCareerEventInput {
  @Field(() => ID, { description: 'The cadre.' })
  cadreId!: string;

  @Field(() => CareerEventKind, { description: 'What happened.' })
  kind!: CareerEventKind;

  @Field(() => LocalDate, {
    description: 'Effective date, not in the future; the newest event updates the cadre’s record.',
  })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Position from this date (新任职务).' })
  @IsOptional()
  @Length(1, 200)
  @NotBlank()
  positionTitle?: string;

  @Field(() => CadreRank, {
    nullable: true,
    description: 'Rank from this date; a promotion must raise it.',
  })
  rank?: CadreRank;

  @Field(() => ID, { nullable: true, description: 'TRANSFERRED: the new home unit.' })
  unitId?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Document number (文号), e.g. 市委组干〔2026〕15号.',
  })
  @IsOptional()
  @Length(1, 100)
  documentNumber?: string;
}

export const CareerEventPayload = payloadType(CareerEvent, 'careerEvent', 'CareerEvent');
