import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Cadre, CadreRank } from '../cadre/cadre.entity';

export enum CareerEventKind {
  APPOINTED = 'APPOINTED',
  PROMOTED = 'PROMOTED',
  TRANSFERRED = 'TRANSFERRED',
  RESERVE_LISTED = 'RESERVE_LISTED',
}
registerEnumType(CareerEventKind, {
  name: 'CareerEventKind',
  description: 'Kind of career movement (干部任免事项).',
  valuesConfig: {
    APPOINTED: { description: '任职' },
    PROMOTED: { description: '提拔' },
    TRANSFERRED: { description: '交流/调任' },
    RESERVE_LISTED: { description: '列入后备干部' },
  },
});

@ObjectType({ implements: Node, description: "One step of a cadre's career (干部任免记录)." })
@Entity()
@Index(['cadreId', 'date'])
export class CareerEvent extends Record {
  @Column({ type: 'int' })
  cadreId!: number;

  @ManyToOne(() => Cadre)
  @JoinColumn()
  cadre?: Relation<Cadre>;

  @Field(() => CareerEventKind, { description: 'What happened (事项).' })
  @Column({ type: 'text', enum: CareerEventKind })
  kind!: CareerEventKind;

  @Field(() => LocalDate, { description: 'Effective date (生效日期).' })
  @Column({ type: 'date' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Position held from this date (新任职务).' })
  @Column({ type: 'text', nullable: true })
  positionTitle!: string | null;

  @Field(() => CadreRank, { nullable: true, description: 'Rank held from this date (新职级).' })
  @Column({ type: 'text', enum: CadreRank, nullable: true })
  rank!: CadreRank | null;

  @Field(() => String, {
    nullable: true,
    description: 'Number of the appointment document (文号).',
  })
  @Column({ type: 'text', nullable: true })
  documentNumber!: string | null;
}
