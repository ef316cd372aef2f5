import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Unit } from '../unit/unit.entity';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender (性别).',
  valuesConfig: { MALE: { description: '男' }, FEMALE: { description: '女' } },
});

export enum Education {
  COLLEGE = 'COLLEGE',
  BACHELOR = 'BACHELOR',
  MASTER = 'MASTER',
  DOCTORATE = 'DOCTORATE',
}
registerEnumType(Education, {
  name: 'Education',
  description: 'Highest education (学历).',
  valuesConfig: {
    COLLEGE: { description: '大专' },
    BACHELOR: { description: '本科' },
    MASTER: { description: '硕士研究生' },
    DOCTORATE: { description: '博士研究生' },
  },
});

export enum PoliticalStatus {
  CPC_MEMBER = 'CPC_MEMBER',
  CPC_PROBATIONARY_MEMBER = 'CPC_PROBATIONARY_MEMBER',
  LEAGUE_MEMBER = 'LEAGUE_MEMBER',
  DEMOCRATIC_PARTY = 'DEMOCRATIC_PARTY',
  NON_PARTISAN = 'NON_PARTISAN',
}
registerEnumType(PoliticalStatus, {
  name: 'PoliticalStatus',
  description: 'Political affiliation (政治面貌).',
  valuesConfig: {
    CPC_MEMBER: { description: '中共党员' },
    CPC_PROBATIONARY_MEMBER: { description: '中共预备党员' },
    LEAGUE_MEMBER: { description: '共青团员' },
    DEMOCRATIC_PARTY: { description: '民主党派' },
    NON_PARTISAN: { description: '群众' },
  },
});

/** Ordered lowest first: HIGHER_ASSISTANT postings are one step up this list. */
export enum CadreRank {
  STAFF = 'STAFF',
  SECTION_DEPUTY = 'SECTION_DEPUTY',
  SECTION_CHIEF = 'SECTION_CHIEF',
  DIVISION_DEPUTY = 'DIVISION_DEPUTY',
  DIVISION_CHIEF = 'DIVISION_CHIEF',
  BUREAU_DEPUTY = 'BUREAU_DEPUTY',
  BUREAU_CHIEF = 'BUREAU_CHIEF',
}
registerEnumType(CadreRank, {
  name: 'CadreRank',
  description: 'Civil-service rank (职级), lowest first.',
  valuesConfig: {
    STAFF: { description: '科员' },
    SECTION_DEPUTY: { description: '副科' },
    SECTION_CHIEF: { description: '正科' },
    DIVISION_DEPUTY: { description: '副处' },
    DIVISION_CHIEF: { description: '正处' },
    BUREAU_DEPUTY: { description: '副厅' },
    BUREAU_CHIEF: { description: '正厅' },
  },
});
export const RANK_ORDER = Object.values(CadreRank);

/** Whether a cadre still serves: departed cadres keep their history but take part no more. */
export enum CadreStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
  TRANSFERRED_OUT = 'TRANSFERRED_OUT',
}
registerEnumType(CadreStatus, {
  name: 'CadreStatus',
  description: 'Whether the cadre still serves (在职状态).',
  valuesConfig: {
    ACTIVE: { description: '在职' },
    RETIRED: { description: '退休' },
    TRANSFERRED_OUT: { description: '调出 (left for an organisation outside the programme)' },
  },
});

@ObjectType({ implements: Node, description: 'A cadre (干部) who can be posted.' })
@Entity()
export class Cadre extends Record {
  @Field({ description: 'Full name (姓名).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => Gender, { description: 'Gender (性别).' })
  @Column({ type: 'text', enum: Gender })
  gender!: Gender;

  /** Exposed through CadreResolver: exact date is personal data. */
  @Column({ type: 'date' })
  birthDate!: string;

  @Field(() => Education, { description: 'Highest education (学历).' })
  @Column({ type: 'text', enum: Education })
  education!: Education;

  @Field(() => PoliticalStatus, { description: 'Political affiliation (政治面貌).' })
  @Column({ type: 'text', enum: PoliticalStatus })
  politicalStatus!: PoliticalStatus;

  @Index()
  @Column({ type: 'int' })
  homeUnitId!: number;

  @ManyToOne(() => Unit)
  @JoinColumn()
  homeUnit?: Relation<Unit>;

  @Field({ description: 'Current position in the home unit (现任职务).' })
  @Column({ type: 'text' })
  positionTitle!: string;

  @Field(() => CadreRank, { description: 'Civil-service rank (职级).' })
  @Column({ type: 'text', enum: CadreRank })
  rank!: CadreRank;

  @Field({ description: "Member of the home unit's leadership team (班子成员)." })
  @Column({ type: 'boolean', default: false })
  isLeadership!: boolean;

  @Field({ description: 'In the reserve cadre pool (后备干部).' })
  @Column({ type: 'boolean', default: false })
  isReserve!: boolean;

  @Field({
    description:
      'Trainee of the young and middle-aged cadre training class (中青年干部培训班学员).',
  })
  @Column({ type: 'boolean', default: false })
  isTrainee!: boolean;

  @Field({ description: 'Recruited through the national graduate programme (引进/选调生).' })
  @Column({ type: 'boolean', default: false })
  isRecruitedGraduate!: boolean;

  @Field(() => [String], { description: 'Areas of expertise (专长).' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialties!: string[];

  /** Personal data (身份证号): exposed through CadreResolver with field-level checks. */
  @Column({ type: 'text' })
  idNumber!: string;

  /** Personal data (联系电话): exposed through CadreResolver with field-level checks. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Field(() => CadreStatus, {
    description:
      'In service, retired or transferred out (在职状态); a departed cadre gets no new postings or nominations.',
  })
  @Column({ type: 'text', enum: CadreStatus, default: CadreStatus.ACTIVE })
  status!: CadreStatus;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Day the cadre retired or left (离职日期); null while in service.',
  })
  @Column({ type: 'date', nullable: true })
  departedOn!: string | null;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
