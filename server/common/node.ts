import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from './global-id';

/**
 * The GraphQL type of a node: entity classes are named after their GraphQL types (instanceof
 * would also match the base class). Synchronous, as compiled execution needs it
 * (server/common/compiled-execution.ts).
 */
export const nodeTypeName = (value: object): string => value.constructor.name;

/**
 * Relay's Node interface. The numeric row id stays on the server; clients see an opaque
 * global ID that also names the type, so `node(id:)` can find any object.
 */
@InterfaceType('Node', {
  description: 'An object with an opaque global ID (Relay Node). 全局标识对象。',
  // Only types reachable from resolvers: keeps the abstract Record base out of the schema.
  autoRegisterImplementations: false,
  resolveType: nodeTypeName,
})
export abstract class Node {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => ID, { name: 'id', description: 'Opaque global ID of this object.' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** Columns every stored record has; a base class only, never a type of its own in the schema. */
@ObjectType('Record', { implements: Node, description: 'Base of stored records.' })
export abstract class Record extends Node {
  @Field(() => Date, { description: 'When the record was created (创建时间).' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the record was last changed (更新时间).' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
