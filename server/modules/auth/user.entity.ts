import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { Cadre } from '../cadre/cadre.entity';
import { Unit } from '../unit/unit.entity';
import { Role } from '../../common/role';

@ObjectType({ implements: Node, description: 'Someone who signs in to Guazhi (用户).' })
@Entity('app_user')
export class User extends Record {
  /** Unique whatever its case (a unique index on lower(username)); signs in in any case. */
  @Field({ description: 'Sign-in name (用户名), unique whatever its case.' })
  @Column({ type: 'text' })
  username!: string;

  /** argon2id hash; never exposed. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Field(() => Role, { description: 'Role (角色).' })
  @Column({ type: 'text', enum: Role })
  role!: Role;

  @Index()
  @Column({ type: 'int', nullable: true })
  unitId!: number | null;

  @ManyToOne(() => Unit, { nullable: true })
  @JoinColumn()
  unit?: Relation<Unit> | null;

  @Index()
  @Column({ type: 'int', nullable: true })
  cadreId!: number | null;

  @ManyToOne(() => Cadre, { nullable: true })
  @JoinColumn()
  cadre?: Relation<Cadre> | null;

  @Field({ description: 'Whether the account may sign in (false once deactivated, 停用).' })
  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the account was deactivated; null while active.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Field({
    description:
      'The user signs in with a one-time password and must choose their own (`changeMyPassword`) before anything else.',
  })
  @Column({ type: 'boolean', default: false })
  passwordChangeRequired!: boolean;

  /** Login tokens carry it; bumping it revokes every token issued before. */
  @Column({ type: 'int', default: 1 })
  tokenVersion!: number;
}
