/**
 * A working-day calendar built from calendar data, and the questions deadlines ask of it: is this
 * day worked, which is the next working day, how many working days lie between two dates.
 *
 * A date in a year the calendar does not cover is refused with a CalendarCoverageError: an unknown
 * year is never taken as a year without holidays.
 */
import { addDays, compareDates, parseCivilDate, type CivilDate } from './civil-date.js';
import {
  isoWeekday,
  parseCalendarData,
  type CalendarData,
  type CalendarYearData,
  type IsoWeekday,
} from './calendar-data.js';
import type { LocalizedText } from '../definition/workflow-definition.js';

export type DayStatus =
  | 'WORKING_DAY'
  | 'MAKE_UP_WORKING_DAY' // a Saturday worked in exchange for a swapped day off (làm bù)
  | 'WEEKEND'
  | 'HOLIDAY' // also when the holiday falls on a weekly rest day
  | 'COMPENSATORY_DAY_OFF' // nghỉ bù, Labour Code 2019 Art. 111(3)
  | 'SWAPPED_DAY_OFF'; // hoán đổi: given off in exchange for a Saturday worked

export interface CalendarDay {
  readonly date: CivilDate;
  readonly weekday: IsoWeekday;
  readonly working: boolean;
  readonly status: DayStatus;
  /** The holiday, day off or make-up day, when it is one. */
  readonly name?: LocalizedText;
  /** From a year computed by rule, not yet announced. */
  readonly provisional: boolean;
}

export interface SpecialDay {
  readonly status: Exclude<DayStatus, 'WORKING_DAY' | 'WEEKEND'>;
  readonly name: LocalizedText;
}

export interface Calendar {
  readonly id: string;
  readonly title: LocalizedText;
  readonly weekend: ReadonlySet<IsoWeekday>;
  /** The years with data, ascending. Dates in any other year are refused. */
  readonly coveredYears: readonly number[];
  /** Years computed by rule rather than announced. */
  readonly provisionalYears: readonly number[];
  /** The data the calendar was built from, overrides applied. */
  readonly data: CalendarData;
  /** Every holiday, day off and make-up working day, by date. */
  readonly specialDays: ReadonlyMap<CivilDate, SpecialDay>;
}

/** Years to add or replace, e.g. a year an admin uploaded after the government announced it. */
export interface CalendarOverrides {
  readonly years?: Readonly<Record<string, CalendarYearData>>;
}

export class CalendarCoverageError extends RangeError {
  readonly code = 'OUTSIDE_CALENDAR';

  constructor(
    readonly date: CivilDate,
    readonly calendarId: string,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `${date} is outside the working-day calendar "${calendarId}", which covers ${describeYears(coveredYears)}: ` +
        `add the year ${date.slice(0, 4)} to the calendar before computing deadlines that reach it`,
    );
    this.name = 'CalendarCoverageError';
  }
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'no year';
  const ranges: string[] = [];
  let from = years[0] as number;
  let to = from;
  for (const year of years.slice(1)) {
    if (year === to + 1) {
      to = year;
      continue;
    }
    ranges.push(from === to ? `${from}` : `${from}–${to}`);
    from = year;
    to = year;
  }
  ranges.push(from === to ? `${from}` : `${from}–${to}`);
  return ranges.join(', ');
}

/**
 * Builds a calendar from its data, with `overrides.years` added or replacing whole years. The
 * merged data is checked first (CalendarDataError listing every problem).
 */
export function createCalendar(data: CalendarData, overrides: CalendarOverrides = {}): Calendar {
  const merged = parseCalendarData({ ...data, years: { ...data.years, ...overrides.years } });
  const specialDays = new Map<CivilDate, SpecialDay>();
  const coveredYears: number[] = [];
  const provisionalYears: number[] = [];
  for (const [key, year] of Object.entries(merged.years)) {
    coveredYears.push(Number(key));
    if (year.provisional) provisionalYears.push(Number(key));
    for (const holiday of year.holidays) {
      specialDays.set(holiday.date, { status: 'HOLIDAY', name: holiday.name });
    }
    for (const dayOff of year.daysOff) {
      specialDays.set(dayOff.date, {
        status: dayOff.reason === 'COMPENSATORY' ? 'COMPENSATORY_DAY_OFF' : 'SWAPPED_DAY_OFF',
        name: dayOff.name,
      });
    }
    for (const makeUp of year.makeUpWorkingDays) {
      specialDays.set(makeUp.date, { status: 'MAKE_UP_WORKING_DAY', name: makeUp.name });
    }
  }
  coveredYears.sort((a, b) => a - b);
  provisionalYears.sort((a, b) => a - b);
  return Object.freeze({
    id: merged.id,
    title: merged.title,
    weekend: new Set(merged.weekend),
    coveredYears: Object.freeze(coveredYears),
    provisionalYears: Object.freeze(provisionalYears),
    data: merged,
    specialDays,
  });
}

/** True when the calendar has data for the date's year. */
export function coversDate(date: CivilDate, calendar: Calendar): boolean {
  return calendar.coveredYears.includes(parseCivilDate(date).year);
}

/** What kind of day `date` is. Throws a CalendarCoverageError outside the covered years. */
export function describeDay(date: CivilDate, calendar: Calendar): CalendarDay {
  const year = parseCivilDate(date).year;
  if (!calendar.coveredYears.includes(year)) {
    throw new CalendarCoverageError(date, calendar.id, calendar.coveredYears);
  }
  const weekday = isoWeekday(date);
  const provisional = calendar.provisionalYears.includes(year);
  const special = calendar.specialDays.get(date);
  if (special) {
    return {
      date,
      weekday,
      working: special.status === 'MAKE_UP_WORKING_DAY',
      status: special.status,
      name: special.name,
      provisional,
    };
  }
  const weekend = calendar.weekend.has(weekday);
  return {
    date,
    weekday,
    working: !weekend,
    status: weekend ? 'WEEKEND' : 'WORKING_DAY',
    provisional,
  };
}

/**
 * A working day is a day that is not a weekly rest day, a holiday or a day off — or a weekly rest
 * day worked to make up a swapped day off. Throws a CalendarCoverageError outside the covered years.
 */
export function isWorkingDay(date: CivilDate, calendar: Calendar): boolean {
  return describeDay(date, calendar).working;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: CivilDate, calendar: Calendar): CivilDate {
  return workingDayOnOrAfter(addDays(date, 1), calendar);
}

/** `date` itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(date: CivilDate, calendar: Calendar): CivilDate {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/**
 * The working days after `a` up to and including `b` — the count the deadline rules use, since
 * the start day itself is not counted (Civil Code 2015 Art. 147(2)). So an act done on the day
 * `computeDeadline(a, n, 'WORKING_DAY')` returns gives exactly `n`, and a deadline of n working
 * days is met when the result is ≤ n. Negative when `b` is before `a`; 0 when they are equal.
 */
export function workingDaysBetween(a: CivilDate, b: CivilDate, calendar: Calendar): number {
  const order = compareDates(a, b);
  if (order > 0) return -workingDaysBetween(b, a, calendar);
  let count = 0;
  for (let day = addDays(a, 1); compareDates(day, b) <= 0; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count += 1;
  }
  return count;
}

function daysOfYear(year: number): CivilDate[] {
  const days: CivilDate[] = [];
  const first = `${String(year).padStart(4, '0')}-01-01`;
  for (let day = first; parseCivilDate(day).year === year; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The weekdays of `year` that are not worked: holidays, compensatory and swapped days off. */
export function nonWorkingWeekdays(year: number, calendar: Calendar): CivilDate[] {
  return daysOfYear(year).filter(
    (day) => !calendar.weekend.has(isoWeekday(day)) && !isWorkingDay(day, calendar),
  );
}

/** The weekly rest days of `year` that are worked (make-up working days). */
export function workedWeekendDays(year: number, calendar: Calendar): CivilDate[] {
  return daysOfYear(year).filter(
    (day) => calendar.weekend.has(isoWeekday(day)) && isWorkingDay(day, calendar),
  );
}
