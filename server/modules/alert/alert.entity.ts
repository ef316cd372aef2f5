import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';

export enum AlertKind {
  UNMANAGED_POSTING = 'UNMANAGED_POSTING',
  PASSIVE_CADRE = 'PASSIVE_CADRE',
  NOMINAL_ROLE = 'NOMINAL_ROLE',
  UNUSED_TALENT = 'UNUSED_TALENT',
  OVERDUE_RETURN = 'OVERDUE_RETURN',
  MISSING_FINAL_EVALUATION = 'MISSING_FINAL_EVALUATION',
}
registerEnumType(AlertKind, {
  name: 'AlertKind',
  description:
    'A problem the source report names, made measurable (DESIGN §3); thresholds in `policy`.',
  valuesConfig: {
    UNMANAGED_POSTING: {
      description:
        '两不管: no mentor after the deadline, or no report or mentor session for an interval.',
    },
    PASSIVE_CADRE: {
      description: '过客思想: too few days on site, or low initiative or discipline.',
    },
    NOMINAL_ROLE: { description: '培养不够: a nominal post, or duties or training plan missing.' },
    UNUSED_TALENT: {
      description: '挂用结合不紧: an EXCELLENT return not promoted within the window.',
    },
    OVERDUE_RETURN: { description: 'Still ACTIVE after the planned end.' },
    MISSING_FINAL_EVALUATION: {
      description: 'Returned without a finalized FINAL evaluation by the deadline.',
    },
  },
});

/**
 * One spell of one condition of one posting (a row of the `alert` table, issue #11): raised when
 * the rule (alert/sql/*.sql) first holds, kept up to date in the transaction of every write that
 * can change it and by the daily sweep, and cleared — never deleted — when it stops holding.
 * An open alert has no `clearedOn`; at most one per posting and kind is open.
 */
@ObjectType({
  implements: Node,
  description: 'A posting that needs attention (预警), open or cleared.',
})
@Entity('alert')
export class Alert extends Record {
  @Index()
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting, { onDelete: 'CASCADE' })
  @JoinColumn()
  posting?: Relation<Posting>;

  @Field(() => AlertKind, { description: 'What is wrong.' })
  @Column({ type: 'text', enum: AlertKind })
  kind!: AlertKind;

  @Field(() => LocalDate, {
    description:
      'The day the condition was first met, as its rule dates it (预警日期), e.g. the day after a ' +
      'deadline; kept while the alert stands, even when what it measured changes.',
  })
  @Column({ type: 'date' })
  raisedOn!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The day the condition was found to hold no longer (解除日期); null while the alert is open.',
  })
  @Column({ type: 'date', nullable: true })
  clearedOn!: string | null;

  /**
   * What the rule measured (days, dates, thresholds), as its SQL function gives it; the GraphQL
   * `detail` words it in the reader's language (alert-detail.ts, AlertResolver.detail).
   */
  @Column({ type: 'jsonb' })
  facts!: unknown;

  @Field(() => Date, {
    nullable: true,
    description: 'When the alert was acknowledged (已阅知), by `acknowledgedBy`; null if not.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  acknowledgedById!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  acknowledgedBy?: Relation<User> | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the acknowledging user noted (处理意见), up to 2 000 characters.',
  })
  @Column({ type: 'text', nullable: true })
  acknowledgementNote!: string | null;

  @Column({ type: 'int', nullable: true })
  assigneeId!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  assignee?: Relation<User> | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the alert was last assigned (交办时间) to `assignee`; null if never.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  assignedById!: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn()
  assignedBy?: Relation<User> | null;

  @Field(() => Int, { description: 'Optimistic-locking version; counts every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Field(() => Boolean, { description: 'Whether the alert still stands (未解除): no `clearedOn`.' })
  get open(): boolean {
    return this.clearedOn === null;
  }
}
