/** The built-in Vietnamese civil-service calendar, ready to use (no file I/O). */
import { createCalendar, type Calendar } from './calendar.js';
import { VIETNAM_CALENDAR_DATA } from './vietnam-calendar-data.js';

export const VIETNAM_CALENDAR: Calendar = createCalendar(VIETNAM_CALENDAR_DATA);
