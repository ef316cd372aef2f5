import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { numeric } from '../../common/columns';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { EvaluationKind, EvaluationStatus, Grade, type ScoreColumns } from './evaluation-enums';

const score = { type: 'smallint', nullable: true } as const;

@ObjectType({ implements: Node, description: 'An assessment of a posted cadre (考核).' })
@Entity()
@Index(['postingId', 'kind', 'date'])
@Index(['date', 'id'])
export class Evaluation extends Record implements ScoreColumns {
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting)
  @JoinColumn()
  posting?: Relation<Posting>;

  @Field(() => EvaluationKind, { description: 'Kind of assessment (考核类型).' })
  @Column({ type: 'text', enum: EvaluationKind })
  kind!: EvaluationKind;

  @Index()
  @Column({ type: 'int', nullable: true })
  evaluatorId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  evaluator?: Relation<User> | null;

  @Field(() => LocalDate, { description: 'Date of the assessment (考核日期).' })
  @Column({ type: 'date' })
  date!: string;

  @Column(score) politicalConductScore!: number | null;
  @Column(score) moralCharacterScore!: number | null;
  @Column(score) leadershipScore!: number | null;
  @Column(score) workAbilityScore!: number | null;
  @Column(score) massLineScore!: number | null;
  @Column(score) initiativeScore!: number | null;
  @Column(score) disciplineScore!: number | null;

  @Field(() => Grade, {
    nullable: true,
    description: 'Grade awarded (考核等次); set before submission.',
  })
  @Column({ type: 'text', enum: Grade, nullable: true })
  grade!: Grade | null;

  /** Hidden from ANALYST and MENTOR: exposed through EvaluationResolver. */
  @Column({ type: 'text', default: '' })
  comments!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Tracking inspections: number of people interviewed (个别谈话人数).',
  })
  @Column({ type: 'int', nullable: true })
  interviewCount!: number | null;

  /** Tracking inspections: what was found (考察发现); exposed through EvaluationResolver. */
  @Column({ type: 'text', nullable: true })
  findings!: string | null;

  /** FINAL evaluations: the weighted overall score, frozen when finalized. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true, transformer: numeric })
  overallScore!: number | null;

  @Field(() => EvaluationStatus, { description: 'DRAFT → SUBMITTED → FINALIZED (状态).' })
  @Column({ type: 'text', enum: EvaluationStatus, default: EvaluationStatus.DRAFT })
  status!: EvaluationStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When the evaluation was finalized (定稿时间).',
  })
  @Column({ type: 'timestamptz', nullable: true })
  finalizedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing a draft.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
