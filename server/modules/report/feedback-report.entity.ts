import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { PERIOD_END_SQL, PERIOD_START_SQL } from './period-days';

@ObjectType({
  implements: Node,
  description: 'Periodic report from the receiving unit on a posted cadre (定期联系与情况反馈).',
})
@Entity()
@Index(['postingId', 'period'], { unique: true })
export class FeedbackReport extends Record {
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting)
  @JoinColumn()
  posting?: Relation<Posting>;

  @Field({ description: 'Period covered, `2026-Q3` or `2026-09` (报告期).' })
  @Column({ type: 'text' })
  period!: string;

  @Field(() => LocalDate, {
    description: 'First day of the period (YYYY-MM-DD), derived from `period` by the database.',
  })
  @Column({ type: 'date', generatedType: 'STORED', asExpression: PERIOD_START_SQL })
  periodStart!: string;

  @Field(() => LocalDate, {
    description: 'Last day of the period (YYYY-MM-DD), derived from `period` by the database.',
  })
  @Column({ type: 'date', generatedType: 'STORED', asExpression: PERIOD_END_SQL })
  periodEnd!: string;

  @Field(() => Int, { description: 'Days the cadre was on site in the period (在岗天数).' })
  @Column({ type: 'int' })
  daysOnSite!: number;

  @Field({ description: 'Political conduct (政治表现).' })
  @Column({ type: 'text', default: '' })
  politicalConduct!: string;

  @Field({ description: 'Work performance (工作表现).' })
  @Column({ type: 'text', default: '' })
  performance!: string;

  @Field({ description: 'Problems noted (存在问题).' })
  @Column({ type: 'text', default: '' })
  problems!: string;

  @Index()
  @Column({ type: 'int', nullable: true })
  submittedById!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  submittedBy?: Relation<User> | null;
}
