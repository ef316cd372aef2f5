import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinTable, ManyToMany, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Posting } from '../posting/posting.entity';

@ObjectType({
  implements: Node,
  description: 'A seminar held after postings end (研讨交流/座谈会).',
})
@Entity()
@Index(['date', 'id'])
export class Debrief extends Record {
  @Field({ description: 'Title of the seminar (主题).' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => LocalDate, { description: 'Date of the seminar (日期).' })
  @Column({ type: 'date' })
  date!: string;

  @Field({ description: 'Summary of the discussion (交流情况).' })
  @Column({ type: 'text', default: '' })
  summary!: string;

  @Field({ description: 'Problems found (发现的问题).' })
  @Column({ type: 'text', default: '' })
  problemsFound!: string;

  @Field({ description: 'Suggestions made (意见建议).' })
  @Column({ type: 'text', default: '' })
  suggestions!: string;

  @ManyToMany(() => Posting)
  @JoinTable({
    name: 'debrief_posting',
    joinColumn: { name: 'debrief_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'posting_id', referencedColumnName: 'id' },
  })
  postings?: Relation<Posting>[];
}
