import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDate } from '../../../common/scalars';
import { CadreRank, Education, Gender, PoliticalStatus } from '../cadre.entity';

@InputType({
  description:
    'A new cadre (干部). Birth date and gender may be left out: the ID number (身份证号) gives them.',
})
export class CreateCadreInput {
  @Field(() => ID, { description: 'Home unit (所在单位); an active unit.' })
  homeUnitId!: string;

  @Field({ description: 'Full name (姓名).' })
  name!: string;

  @Field({ description: 'Resident ID number (身份证号): 18 characters, GB 11643 check digit.' })
  idNumber!: string;

  @Field(() => Gender, { nullable: true, description: 'Gender; must agree with the ID number.' })
  gender?: Gender | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Date of birth; must agree with the ID number.',
  })
  birthDate?: string | null;

  @Field(() => Education, { description: 'Highest education (学历).' })
  education!: Education;

  @Field(() => PoliticalStatus, { description: 'Political affiliation (政治面貌).' })
  politicalStatus!: PoliticalStatus;

  @Field({ description: 'Current position in the home unit (现任职务).' })
  positionTitle!: string;

  @Field(() => CadreRank, { description: 'Civil-service rank (职级).' })
  rank!: CadreRank;

  @Field({ defaultValue: false, description: 'Member of the leadership team (班子成员).' })
  isLeadership!: boolean;

  @Field({ defaultValue: false, description: 'In the reserve cadre pool (后备干部).' })
  isReserve!: boolean;

  @Field({ defaultValue: false, description: 'Training-class trainee (中青年干部培训班学员).' })
  isTrainee!: boolean;

  @Field({ defaultValue: false, description: 'Recruited graduate (引进/选调生).' })
  isRecruitedGraduate!: boolean;

  @Field(() => [String], { defaultValue: [], description: 'Areas of expertise (专长).' })
  specialties!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Mainland mobile, or landline with area code (联系电话).',
  })
  phone?: string | null;
}

@InputType({
  description:
    'Corrections to a cadre’s profile; omitted fields stay. The home unit changes by a TRANSFERRED career event, the team place by setLeadershipMembership.',
})
export class UpdateCadreInput {
  @Field(() => ID, { description: 'The cadre.' })
  cadreId!: string;

  @Field(() => Int, { description: 'The version read; a newer one means someone else changed it.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'Full name (姓名).' })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ID number (身份证号); birth date and gender must agree with it.',
  })
  idNumber?: string | null;

  @Field(() => Gender, { nullable: true, description: 'Gender.' })
  gender?: Gender | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date of birth.' })
  birthDate?: string | null;

  @Field(() => Education, { nullable: true, description: 'Highest education (学历).' })
  education?: Education | null;

  @Field(() => PoliticalStatus, { nullable: true, description: 'Political affiliation.' })
  politicalStatus?: PoliticalStatus | null;

  @Field(() => String, { nullable: true, description: 'Current position (现任职务).' })
  positionTitle?: string | null;

  @Field(() => CadreRank, { nullable: true, description: 'Civil-service rank (职级).' })
  rank?: CadreRank | null;

  @Field(() => Boolean, { nullable: true, description: 'In the reserve pool (后备干部).' })
  isReserve?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Training-class trainee.' })
  isTrainee?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Recruited graduate.' })
  isRecruitedGraduate?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Areas of expertise; replaces the list.' })
  specialties?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number (联系电话); an empty string removes it.',
  })
  phone?: string | null;
}

@InputType({
  description: 'Puts a cadre on their home unit’s leadership team (班子) or takes them off.',
})
export class SetLeadershipMembershipInput {
  @Field(() => ID, { description: 'The cadre.' })
  cadreId!: string;

  @Field({ description: 'On the team (true) or off it (false).' })
  isLeadership!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why, e.g. the appointment document; audited.',
  })
  reason?: string | null;
}

/** How a cadre leaves the programme's cadres for good. */
export enum CadreDeparture {
  RETIRED = 'RETIRED',
  TRANSFERRED_OUT = 'TRANSFERRED_OUT',
}
registerEnumType(CadreDeparture, {
  name: 'CadreDeparture',
  description: 'How a cadre leaves (离职方式).',
  valuesConfig: {
    RETIRED: { description: '退休' },
    TRANSFERRED_OUT: { description: '调出: to an organisation outside the programme' },
  },
});

@InputType({
  description:
    'Records that a cadre retired or transferred out: the record and its history stay; no new postings, nominations or team places.',
})
export class RecordCadreDepartureInput {
  @Field(() => ID, { description: 'The cadre.' })
  cadreId!: string;

  @Field(() => Int, { nullable: true, description: 'The version read, if the client checks it.' })
  version?: number | null;

  @Field(() => CadreDeparture, { description: 'Retired or transferred out.' })
  departure!: CadreDeparture;

  @Field(() => LocalDate, { description: 'Day of leaving (离职日期); not in the future.' })
  departedOn!: string;

  @Field(() => String, { nullable: true, description: 'Why, or the document (文号); audited.' })
  reason?: string | null;
}
