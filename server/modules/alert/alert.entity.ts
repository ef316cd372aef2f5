import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node } from '../../common/node';
import { LocalDate } from '../../common/scalars';
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
 * A row of the `posting_alert` view: computed from the data each time it is read, never stored.
 * Its id (posting × kind) is stable while the condition lasts.
 */
@ObjectType({ implements: Node, description: 'A posting that needs attention (预警).' })
@Entity('posting_alert', { synchronize: false })
export class Alert extends Node {
  @Index()
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting)
  @JoinColumn()
  posting?: Relation<Posting>;

  @Field(() => AlertKind, { description: 'What is wrong.' })
  @Column({ type: 'text', enum: AlertKind })
  kind!: AlertKind;

  @Field(() => LocalDate, { description: 'The day the condition was first met (预警日期).' })
  @Column({ type: 'date' })
  raisedOn!: string;

  /**
   * What the rule measured (days, dates, thresholds), as its SQL function gives it; the GraphQL
   * `detail` words it in the reader's language (alert-detail.ts, AlertResolver.detail).
   */
  @Column({ type: 'jsonb' })
  facts!: unknown;
}
