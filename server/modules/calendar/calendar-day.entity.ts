import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Node, Record } from '../../common/node';
import { LocalDate } from '../../common/scalars';

export enum CalendarDaySource {
  STATE_COUNCIL = 'STATE_COUNCIL',
  ORG_ADMIN = 'ORG_ADMIN',
}
registerEnumType(CalendarDaySource, {
  name: 'CalendarDaySource',
  description: 'Who set a calendar day.',
  valuesConfig: {
    STATE_COUNCIL: {
      description:
        '国务院办公厅 holiday notice, as the `chinese-days` package records it (filled on migration).',
    },
    ORG_ADMIN: { description: 'The organisation department (setCalendarDays).' },
  },
});

/**
 * A day whose working status was set rather than read from the weekday: a public holiday
 * (节假日) or a make-up working day on a weekend (调休上班). Days without a row are working days
 * Monday to Friday.
 */
@ObjectType({
  implements: Node,
  description:
    'A day of the work calendar (工作日历) set by the holiday notice or the organisation department.',
})
@Entity()
export class CalendarDay extends Record {
  @Field(() => LocalDate, { description: 'The day (YYYY-MM-DD), China time.' })
  @Column({ type: 'date', unique: true })
  date!: string;

  @Field({ description: 'Whether it is a working day (工作日).' })
  @Column({ type: 'boolean' })
  isWorkingDay!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'What the day is, e.g. 国庆节 or 国庆节调休上班.',
  })
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Field(() => CalendarDaySource, { description: 'Who set it.' })
  @Column({ type: 'text', enum: CalendarDaySource })
  source!: CalendarDaySource;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
