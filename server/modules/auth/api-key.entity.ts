import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { Unit } from '../unit/unit.entity';
import { Role } from '../../common/role';
import { apiKeyPolicy } from './api-key.policy';
import { User } from './user.entity';

/** A credential for a third-party system (其他政务系统): a role, a unit for unit roles, no user. */
@ObjectType({ implements: Node, description: 'An API key for a third-party system (接口密钥).' })
@Entity()
export class ApiKey extends Record {
  @Field({ description: 'What the key is for, e.g. the system that uses it.' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => Role, { description: 'The role requests with this key act in.' })
  @Column({ type: 'text', enum: apiKeyPolicy.keyRoles })
  role!: Role;

  @Index()
  @Column({ type: 'int', nullable: true })
  unitId!: number | null;

  @ManyToOne(() => Unit, { nullable: true })
  @JoinColumn()
  unit?: Relation<Unit> | null;

  @Field({ description: 'Public part of the key (`gzk_<prefix>_…`), to tell keys apart.' })
  @Column({ type: 'text', unique: true })
  prefix!: string;

  /** SHA-256 of the secret part: the key itself is shown once and never stored. */
  @Column({ type: 'text' })
  keyHash!: string;

  @Index()
  @Column({ type: 'int' })
  createdById!: number;

  @ManyToOne(() => User)
  @JoinColumn()
  createdBy?: Relation<User>;

  @Field({
    description:
      'Requests with this key may run only trusted documents (可信文档): the SDK’s manifest and the server’s others, sent by `documentId` or as their exact text; any other document is refused with TRUSTED_DOCUMENT_REQUIRED (HTTP 403). Set when the key is made.',
  })
  @Column({ type: 'boolean', default: false })
  trustedDocumentsOnly!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'The key stops working at this time; null: never.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key was revoked; null while usable.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Last request made with the key (to the minute).',
  })
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Field({ description: 'Neither revoked nor expired.' })
  get isActive(): boolean {
    return (
      this.revokedAt === null && (this.expiresAt === null || this.expiresAt.getTime() > Date.now())
    );
  }
}
