import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { MutationResult } from '../../../common/mutation';
import { UserError } from '../../../common/user-error';
import { LocalDate } from '../../../common/scalars';
import { CalendarDay, CalendarDaySource } from '../calendar-day.entity';

export enum CalendarDayKind {
  WORKDAY = 'WORKDAY',
  WEEKEND = 'WEEKEND',
  HOLIDAY = 'HOLIDAY',
  MAKEUP_WORKDAY = 'MAKEUP_WORKDAY',
}
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: 'What kind of day it is in China’s work calendar.',
  valuesConfig: {
    WORKDAY: { description: 'Monday to Friday, working (工作日).' },
    WEEKEND: { description: 'Saturday or Sunday, not working (周末).' },
    HOLIDAY: { description: 'A weekday off: a public holiday or a day off in lieu (节假日).' },
    MAKEUP_WORKDAY: { description: 'A weekend day worked in exchange (调休上班).' },
  },
});

@ObjectType({ description: 'One day of the work calendar (工作日历).' })
export class WorkCalendarDay {
  @Field(() => LocalDate, { description: 'The day (YYYY-MM-DD).' })
  date!: string;

  @Field({ description: 'Whether it is a working day.' })
  isWorkingDay!: boolean;

  @Field(() => CalendarDayKind, { description: 'Workday, weekend, holiday or make-up workday.' })
  kind!: CalendarDayKind;

  @Field(() => String, { nullable: true, description: 'The holiday’s name, when set.' })
  name!: string | null;

  @Field(() => CalendarDaySource, {
    nullable: true,
    description: 'Who set the day; null for a plain weekday or weekend.',
  })
  source!: CalendarDaySource | null;
}

@ObjectType({ description: 'The work calendar over a range of days (工作日历).' })
export class WorkCalendar {
  @Field(() => LocalDate, { description: 'First day of the range.' })
  from!: string;

  @Field(() => LocalDate, { description: 'Last day of the range.' })
  to!: string;

  @Field(() => Int, {
    description:
      'Working days in the range, holidays and make-up workdays counted: the count the PASSIVE_CADRE alert uses.',
  })
  workingDays!: number;

  @Field(() => [WorkCalendarDay], { description: 'Every day of the range, in order.' })
  days!: WorkCalendarDay[];
}

@InputType({ description: 'A day to set in the work calendar.' })
export class CalendarDayInput {
  @Field(() => LocalDate, { description: 'The day (YYYY-MM-DD).' })
  date!: string;

  @Field({ description: 'Whether it is a working day.' })
  isWorkingDay!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'What the day is (e.g. 国庆节), up to 100 characters.',
  })
  name?: string | null;
}

@InputType({ description: 'Days the organisation department sets in the work calendar.' })
export class SetCalendarDaysInput {
  @Field(() => [CalendarDayInput], { description: '1–400 days, each date once.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  days!: CalendarDayInput[];

  @Field(() => String, {
    nullable: true,
    description: 'Why (e.g. the notice’s number), kept in the audit trail.',
  })
  reason?: string | null;
}

@ObjectType({ description: 'Result of setCalendarDays.' })
export class SetCalendarDaysPayload {
  @Field(() => [CalendarDay], {
    nullable: true,
    description: 'The days as set, in date order; null when refused.',
  })
  days!: CalendarDay[] | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors!: UserError[];

  static from(result: MutationResult<CalendarDay[]>): SetCalendarDaysPayload {
    return Object.assign(new SetCalendarDaysPayload(), {
      days: result.result,
      userErrors: result.userErrors,
    });
  }
}
