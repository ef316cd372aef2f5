import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Cadre } from '../cadre/cadre.entity';
import { Posting } from '../posting/posting.entity';

@ObjectType({
  implements: Node,
  description:
    'A leadership-team member of the receiving unit mentoring a posted cadre (一帮一帮带).',
})
@Entity()
export class Mentorship extends Record {
  @Index()
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting)
  @JoinColumn()
  posting?: Relation<Posting>;

  @Index()
  @Column({ type: 'int' })
  mentorId!: number;

  @ManyToOne(() => Cadre)
  @JoinColumn()
  mentor?: Relation<Cadre>;

  @Field(() => LocalDate, { description: 'First day of mentoring (帮带开始日期).' })
  @Column({ type: 'date' })
  startDate!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Last day of mentoring; null while active (帮带结束日期).',
  })
  @Column({ type: 'date', nullable: true })
  endDate!: string | null;

  @Field({ description: 'True while the mentorship has not ended.' })
  get isActive(): boolean {
    return this.endDate === null;
  }
}
