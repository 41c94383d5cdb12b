import { CalendarChange } from './calendar-change.entity';
import { CalendarDay } from './calendar-day.entity';
import { CalendarYear } from './calendar-year.entity';
import { WorkCalendar } from './work-calendar.entity';

export * from './calendar-date';
export * from './calendar-year-not-covered.error';
export * from './working-calendar';
export * from './statutory-holidays';
export * from './official-notices';
export * from './work-calendar.entity';
export * from './calendar-year.entity';
export * from './calendar-day.entity';
export * from './calendar-change.entity';
export * from './calendar.service';
export * from './calendar.module';

/** Every entity of the calendar, for the apps' entity lists. */
export const CALENDAR_ENTITIES = [WorkCalendar, CalendarYear, CalendarDay, CalendarChange];
