import type { Context } from '../../context';
import { addDays } from '../../common/dates';
import { badInput } from '../../common/errors';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { refuseProblems, textProblem } from '../../common/validation';
import { CalendarDay, CalendarDaySource } from './calendar-day.entity';
import {
  CalendarDayKind,
  type SetCalendarDaysInput,
  type WorkCalendar,
  type WorkCalendarDay,
} from './dto/calendar.types';

/** The longest range one workCalendar answers: a year, leap day included. */
export const MAX_CALENDAR_RANGE_DAYS = 366;

interface DayRow {
  date: string;
  weekend: boolean;
  isWorkingDay: boolean | null;
  name: string | null;
  source: CalendarDaySource | null;
}

function kindOf(row: DayRow, isWorkingDay: boolean): CalendarDayKind {
  if (row.weekend) return isWorkingDay ? CalendarDayKind.MAKEUP_WORKDAY : CalendarDayKind.WEEKEND;
  return isWorkingDay ? CalendarDayKind.WORKDAY : CalendarDayKind.HOLIDAY;
}

/** China's work calendar: weekdays, weekends, and the days a notice or the org department set. */
export class CalendarService {
  /**
   * Every day from `from` to `to` (at most a year) and the working days among them, counted by
   * the SQL rule the PASSIVE_CADRE alert reads. BAD_USER_INPUT for a reversed or longer range.
   */
  async workCalendar(ctx: Context, from: string, to: string): Promise<WorkCalendar> {
    if (to < from) throw badInput({ en: '`to` lies before `from`', zh: '`to` 早于 `from`' }, 'to');
    if (addDays(from, MAX_CALENDAR_RANGE_DAYS - 1) < to) {
      throw badInput(
        {
          en: `At most ${MAX_CALENDAR_RANGE_DAYS} days at a time`,
          zh: `每次最多查询 ${MAX_CALENDAR_RANGE_DAYS} 天`,
        },
        'to',
      );
    }
    const rows: DayRow[] = await ctx.dataSource.query(
      `SELECT to_char(g.day, 'YYYY-MM-DD') AS date, extract(isodow FROM g.day) >= 6 AS weekend,
         d.is_working_day AS "isWorkingDay", d.name, d.source
       FROM generate_series($1::date, $2::date, interval '1 day') AS g(day)
       LEFT JOIN calendar_day d ON d.date = g.day::date
       ORDER BY g.day`,
      [from, to],
    );
    const [{ workingDays }] = await ctx.dataSource.query(
      'SELECT rules.working_days($1, $2) AS "workingDays"',
      [from, to],
    );
    const days = rows.map((row): WorkCalendarDay => {
      const isWorkingDay = row.isWorkingDay ?? !row.weekend;
      return {
        date: row.date,
        isWorkingDay,
        kind: kindOf(row, isWorkingDay),
        name: row.name,
        source: row.source,
      };
    });
    return { from, to, workingDays, days };
  }

  /**
   * Sets days of the calendar as the organisation department decides (a notice the package does
   * not know yet, a local arrangement), each audited as `calendarDay.set` with the reason; in
   * one transaction, in date order, so concurrent calls lock the same days in the same order.
   */
  set(ctx: Context, input: SetCalendarDaysInput): Promise<MutationResult<CalendarDay[]>> {
    return runMutation(ctx, async (ctx) => {
      refuseProblems([
        textProblem('reason', input.reason ?? '', { max: 2000, optional: true }),
        ...input.days.map((d, i) =>
          textProblem(`days.${i}.name`, d.name ?? '', { max: 100, optional: true }),
        ),
      ]);
      const seen = new Set<string>();
      for (const day of input.days) {
        if (seen.has(day.date)) {
          refuse(
            CommonErrorCode.INVALID_VALUE,
            { en: `${day.date} is given twice`, zh: `${day.date} 重复出现` },
            'days',
          );
        }
        seen.add(day.date);
      }
      const reason = input.reason?.trim() || null;
      const sorted = [...input.days].sort((a, b) => a.date.localeCompare(b.date));
      const saved: CalendarDay[] = [];
      for (const day of sorted) {
        const values = {
          isWorkingDay: day.isWorkingDay,
          name: day.name?.trim() || null,
          source: CalendarDaySource.ORG_ADMIN,
        };
        const existing = await ctx.tx.findOne(CalendarDay, {
          where: { date: day.date },
          lock: { mode: 'pessimistic_write' },
        });
        saved.push(
          existing
            ? await records.change(
                ctx,
                'CalendarDay',
                existing,
                { action: 'calendarDay.set', reason },
                (d) => {
                  Object.assign(d, values);
                },
              )
            : await records.create(
                ctx,
                'CalendarDay',
                { date: day.date, ...values },
                { action: 'calendarDay.set', reason },
              ),
        );
      }
      return saved;
    });
  }
}

export const calendarService = new CalendarService();
