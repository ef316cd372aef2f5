import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { numeric } from '../../common/columns';
import { Node, Record } from '../../common/node';
import { Cadre } from '../cadre/cadre.entity';
import { Unit } from '../unit/unit.entity';
import { SelectionRound } from './selection-round.entity';

export enum CandidateStatus {
  NOMINATED = 'NOMINATED',
  SHORTLISTED = 'SHORTLISTED',
  SELECTED = 'SELECTED',
  REJECTED = 'REJECTED',
}
registerEnumType(CandidateStatus, {
  name: 'CandidateStatus',
  description: 'Progress of a candidate through selection.',
  valuesConfig: {
    NOMINATED: { description: '已推荐' },
    SHORTLISTED: { description: '入围' },
    SELECTED: { description: '选派' },
    REJECTED: { description: '未选派' },
  },
});

export enum InspectionResult {
  PASS = 'PASS',
  FAIL = 'FAIL',
}
registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: 'Outcome of the organisational inspection (组织考察).',
  valuesConfig: { PASS: { description: '考察合格' }, FAIL: { description: '考察不合格' } },
});

@ObjectType({ implements: Node, description: 'A cadre nominated in a selection round (候选人).' })
@Entity()
@Index(['roundId', 'cadreId'], { unique: true })
export class Candidate extends Record {
  @Column({ type: 'int' })
  roundId!: number;

  @ManyToOne(() => SelectionRound)
  @JoinColumn()
  round?: Relation<SelectionRound>;

  @Index()
  @Column({ type: 'int' })
  cadreId!: number;

  @ManyToOne(() => Cadre)
  @JoinColumn()
  cadre?: Relation<Cadre>;

  @Index()
  @Column({ type: 'int' })
  nominatingUnitId!: number;

  @ManyToOne(() => Unit)
  @JoinColumn()
  nominatingUnit?: Relation<Unit>;

  @Field(() => Float, { nullable: true, description: 'Written exam score 0–100 (笔试成绩).' })
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numeric })
  writtenExamScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Interview score 0–100 (面试成绩).' })
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numeric })
  interviewScore!: number | null;

  @Field(() => InspectionResult, {
    nullable: true,
    description: 'Organisational inspection result (组织考察结果).',
  })
  @Column({ type: 'text', enum: InspectionResult, nullable: true })
  inspectionResult!: InspectionResult | null;

  @Field(() => String, {
    nullable: true,
    description: 'Notes of the organisational inspection (考察意见).',
  })
  @Column({ type: 'text', nullable: true })
  inspectionNotes!: string | null;

  @Field(() => CandidateStatus, { description: 'Selection status (状态).' })
  @Column({ type: 'text', enum: CandidateStatus, default: CandidateStatus.NOMINATED })
  status!: CandidateStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When pre-posting training was completed (岗前培训完成时间).',
  })
  @Column({ type: 'timestamptz', nullable: true })
  trainingCompletedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
