import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Cadre, CadreRank } from '../cadre/cadre.entity';
import { Candidate } from '../selection/candidate.entity';
import { FrontlineArea, Unit } from '../unit/unit.entity';
import { PostingStatus, PostingType } from './posting-type';

/** The rank of the post and the table the API checks it against (DESIGN §2), for both the field and the inputs. */
export const POSITION_RANK_DESCRIPTION = [
  'Rank of the post held (挂职职级). For an assistant post (助理: HIGHER_ASSISTANT, GRADUATE_ASSISTANT, SCHOOL_ASSISTANT) the rank of the leader assisted.',
  'Checked against the posting type: CROSS_DEPUTY the deputy of the cadre’s own chief level (正科 → 副科, 正处 → 副处; CROSS_DEPUTY_RANK);',
  'HIGHER_ASSISTANT exactly one step above the cadre (HIGHER_ASSISTANT_RANK); GRADUATE_ASSISTANT 正科 for a bachelor (科长助理), at least 正科 for a master or doctor (局长/乡镇长助理; GRADUATE_ASSISTANT_POST);',
  'every other type, SCHOOL_ASSISTANT (校长助理) included, at most one step above the cadre’s rank: a posting trains, it does not promote (POSITION_RANK_TOO_HIGH).',
].join(' ');

@ObjectType({
  implements: Node,
  description: 'One fixed-term secondment of one cadre to a receiving unit (挂职).',
})
@Entity()
@Index(['status', 'id'])
@Index(['startDate', 'id'])
@Index(['plannedEndDate', 'id'])
export class Posting extends Record {
  @Index()
  @Column({ type: 'int' })
  cadreId!: number;

  @ManyToOne(() => Cadre)
  @JoinColumn()
  cadre?: Relation<Cadre>;

  @Index()
  @Column({ type: 'int' })
  sendingUnitId!: number;

  @ManyToOne(() => Unit)
  @JoinColumn()
  sendingUnit?: Relation<Unit>;

  @Index()
  @Column({ type: 'int' })
  receivingUnitId!: number;

  @ManyToOne(() => Unit)
  @JoinColumn()
  receivingUnit?: Relation<Unit>;

  @Field(() => PostingType, { description: 'Kind of secondment (挂职类型).' })
  @Column({ type: 'text', enum: PostingType })
  type!: PostingType;

  @Field({ description: 'Position held in the receiving unit (定职).' })
  @Column({ type: 'text' })
  positionTitle!: string;

  @Field(() => CadreRank, { description: POSITION_RANK_DESCRIPTION })
  @Column({ type: 'text', enum: CadreRank })
  positionRank!: CadreRank;

  @Field(() => FrontlineArea, {
    nullable: true,
    description:
      'The front-line work of the post (急难险重领域) when the receiving unit is not itself a front-line unit, e.g. the 征迁工作组 of a county government; a FRONTLINE posting needs this or a receiving unit with `frontlineArea`; null on every other type.',
  })
  @Column({ type: 'text', enum: FrontlineArea, nullable: true })
  frontlineArea!: FrontlineArea | null;

  @Field({ description: 'A real post with authority (实职) rather than a nominal one (虚职).' })
  @Column({ type: 'boolean', default: true })
  isSubstantive!: boolean;

  @Field(() => [String], { description: 'Duties of the post (定责).' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  responsibilities!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Development goals for the posting (定培养计划).',
  })
  @Column({ type: 'text', nullable: true })
  trainingPlan!: string | null;

  @Field(() => LocalDate, { description: 'First day of the posting (挂职开始日期).' })
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => LocalDate, { description: 'Planned last day (计划结束日期).' })
  @Column({ type: 'date' })
  plannedEndDate!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Actual last day, set on return or termination (实际结束日期).',
  })
  @Column({ type: 'date', nullable: true })
  actualEndDate!: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'The day the posting was activated (到岗日期); null while PLANNED.',
  })
  @Column({ type: 'date', nullable: true })
  activatedAt!: string | null;

  @Field(() => PostingStatus, { description: 'Lifecycle status (状态).' })
  @Column({ type: 'text', enum: PostingStatus, default: PostingStatus.PLANNED })
  status!: PostingStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why the posting was terminated early (终止原因).',
  })
  @Column({ type: 'text', nullable: true })
  terminationReason!: string | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  candidateId!: number | null;

  @ManyToOne(() => Candidate, { nullable: true })
  @JoinColumn()
  candidate?: Relation<Candidate> | null;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
