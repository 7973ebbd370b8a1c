import { CalendarDayEntity } from './entities/calendar-day.entity.js';

/** The tables the calendar owns. */
export const CALENDAR_ENTITIES = [CalendarDayEntity];
