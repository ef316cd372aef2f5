import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { LocalDate } from '../../common/scalars';
import { calendarPolicy } from './calendar.policy';
import { calendarService } from './calendar.service';
import { SetCalendarDaysInput, SetCalendarDaysPayload, WorkCalendar } from './dto/calendar.types';

@Resolver()
export class CalendarResolver {
  @Allow(calendarPolicy.may.read)
  @Query(() => WorkCalendar, {
    description:
      'China’s work calendar (工作日历) from `from` to `to` (at most 366 days; BAD_USER_INPUT otherwise): every day with its kind, and the working days the PASSIVE_CADRE alert counts. Holidays and make-up workdays from the State Council’s notices (the `chinese-days` package) and the organisation department.',
  })
  workCalendar(
    @Arg('from', () => LocalDate, { description: 'First day (YYYY-MM-DD).' }) from: string,
    @Arg('to', () => LocalDate, { description: 'Last day (YYYY-MM-DD).' }) to: string,
    @Ctx() ctx: Context,
  ): Promise<WorkCalendar> {
    return calendarService.workCalendar(ctx, from, to);
  }

  @Allow(calendarPolicy.may.set)
  @Mutation(() => SetCalendarDaysPayload, {
    description:
      'Sets days of the work calendar (a holiday, a make-up workday, a correction), audited as calendarDay.set with the reason. INVALID_VALUE for a date given twice or a name over 100 characters.',
  })
  async setCalendarDays(
    @Arg('input', { description: 'The days and why.' }) input: SetCalendarDaysInput,
    @Ctx() ctx: Context,
  ) {
    return SetCalendarDaysPayload.from(await calendarService.set(ctx, input));
  }
}
