/**
 * Reads a working-day calendar from a JSON file in the format of `calendar-data.ts` (for example a
 * replacement calendar an operator supplies). The only file I/O of the calendar; the rest works on
 * data, so the service can also build a calendar from years stored in its database or uploaded by
 * an admin. The built-in calendar needs no file: `VIETNAM_CALENDAR`.
 */
import { readFileSync } from 'node:fs';
import { parseCalendarData, type CalendarData } from './calendar-data.js';
import { createCalendar, type Calendar, type CalendarOverrides } from './calendar.js';

/** Reads and checks a calendar document. Throws with the file named when it is not valid. */
export function loadCalendarData(file: string): CalendarData {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseCalendarData(document);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a calendar document and builds the calendar, with `overrides` (added or replaced years). */
export function loadCalendarFile(file: string, overrides?: CalendarOverrides): Calendar {
  return createCalendar(loadCalendarData(file), overrides);
}
