import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Mentorship } from './mentorship.entity';

@ObjectType({
  implements: Node,
  description: 'A meeting between mentor and posted cadre (帮带谈话).',
})
@Entity()
@Index(['mentorshipId', 'date'])
export class MentorSession extends Record {
  @Column({ type: 'int' })
  mentorshipId!: number;

  @ManyToOne(() => Mentorship)
  @JoinColumn()
  mentorship?: Relation<Mentorship>;

  @Field(() => LocalDate, { description: 'Date of the meeting (日期).' })
  @Column({ type: 'date' })
  date!: string;

  @Field({ description: 'Topic: 思想交流, 肯定成绩, 指出不足, 明确方向 … (主题).' })
  @Column({ type: 'text' })
  topic!: string;

  @Field({ description: 'What was discussed (谈话记录).' })
  @Column({ type: 'text', default: '' })
  notes!: string;
}
