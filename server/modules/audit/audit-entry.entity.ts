import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { User } from '../auth/user.entity';

@ObjectType({
  implements: Node,
  description: 'A record of one change, written with the change itself (审计记录).',
})
@Entity()
@Index(['entity', 'entityId'])
@Index(['at', 'id'])
export class AuditEntry extends Node {
  @Index()
  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  actor?: Relation<User> | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  apiKeyId!: number | null;

  @Field({ description: 'What was done, e.g. `posting.activate` (操作).' })
  @Column({ type: 'text' })
  action!: string;

  @Field({ description: 'Type of the changed record (对象类型).' })
  @Column({ type: 'text' })
  entity!: string;

  @Column({ type: 'int' })
  entityId!: number;

  @Field(() => ID, { description: 'Global ID of the changed record (use with `node`).' })
  get subjectId(): string {
    return toGlobalId(this.entity, this.entityId);
  }

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The record before the change (变更前).',
  })
  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The record after the change (变更后).',
  })
  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  @Field(() => String, { nullable: true, description: 'Reason given for the change (原因).' })
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Field(() => Date, { description: 'When the change was committed (时间).' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
