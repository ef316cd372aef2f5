import { actionsOn, defineModule } from '../../common/module';
import { CalendarDay } from './calendar-day.entity';
import { calendarPolicy } from './calendar.policy';
import { CalendarResolver } from './calendar.resolver';
import { WorkCalendar1765600000400 } from './migrations/1765600000400-work-calendar';

/** What the audit trail records of the work calendar. */
const calendarActions = actionsOn('CalendarDay', ['calendarDay.set']);

declare module '../../common/module' {
  interface NodeTypes {
    CalendarDay: CalendarDay;
  }
  interface AuditActionSets {
    calendar: typeof calendarActions;
  }
}

/**
 * China's work calendar (工作日历): holidays and make-up workdays, so that working days mean
 * what a Chinese office means. Before the report module, whose SQL rules count working days here.
 */
export const calendarModule = defineModule({
  name: 'calendar',
  entities: [CalendarDay],
  resolvers: [CalendarResolver],
  nodes: {
    CalendarDay: { entity: CalendarDay, alias: 'calendar_day', scope: calendarPolicy.read },
  },
  migrations: [WorkCalendar1765600000400],
  sqlRules: ['sql/working-days.sql'],
  auditActions: calendarActions,
});
