import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Node, Record } from '../../common/node';
import { PostingType } from '../posting/posting-type';

export enum SelectionRoundStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(SelectionRoundStatus, {
  name: 'SelectionRoundStatus',
  description: 'Whether a selection round still takes nominations (选派批次状态).',
  valuesConfig: {
    OPEN: { description: '进行中: nominations, scoring and selection are open.' },
    CLOSED: { description: '已结束: no more changes to candidates.' },
  },
});

@ObjectType({
  implements: Node,
  description: 'A selection round (选派批次), e.g. the 2026 高挂 public selection.',
})
@Entity()
@Index(['year', 'id'])
export class SelectionRound extends Record {
  @Field({ description: 'Name of the round (批次名称).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => PostingType, {
    description: 'Type of posting the selected candidates will take (挂职类型).',
  })
  @Column({ type: 'text', enum: PostingType })
  postingType!: PostingType;

  @Field(() => Int, { description: 'Year of the round (年度).' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => Int, { description: 'Number of cadres that may be selected (名额).' })
  @Column({ type: 'int' })
  quota!: number;

  @Field(() => SelectionRoundStatus, {
    description: 'OPEN while nominations are taken, then CLOSED.',
  })
  @Column({ type: 'text', enum: SelectionRoundStatus, default: SelectionRoundStatus.OPEN })
  status!: SelectionRoundStatus;

  @Field(() => Int, { description: 'Optimistic-lock version; send it back when editing.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
