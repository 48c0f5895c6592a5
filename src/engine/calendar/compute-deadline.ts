/**
 * Statutory deadlines: "within n days / n working days / n months of receiving the file".
 *
 * The counting rules, from the Civil Code 2015 (91/2015/QH13), which applies to time limits in
 * other laws unless they say otherwise (Art. 144–145):
 * 1. The start is a day in Vietnam (UTC+07:00): an instant is first turned into its Vietnamese date.
 * 2. The start day is not counted; counting begins the next day (Art. 147(2)). This answers
 *    domain.md §6 q7 the same way: the day of receipt is day 0.
 * 3. DAY: n calendar days, the deadline ends at the end of the n-th day (Art. 148(1)).
 * 4. WORKING_DAY (ngày làm việc): only working days are counted — weekly rest days, holidays,
 *    compensatory and swapped days off are skipped; a Saturday worked in exchange for a swapped day
 *    off (làm bù) counts. The deadline is the n-th working day, which is a working day by
 *    construction.
 * 5. MONTH: the same day number n months later; when that month has no such day, its last day
 *    (Art. 148(3)): 31/1 + 1 month = 28/2, or 29/2 in a leap year.
 * 6. DAY and MONTH: when the last day is a weekly rest day or a holiday, the deadline ends at the
 *    end of the next working day (Art. 148(5)). Compensatory and swapped days off are treated as
 *    days off here too: the office is closed on them.
 * 7. A deadline ends at 24:00 of its last day (Art. 148(6)), in Vietnam: `deadlineEndsAt`.
 *
 * A count that reaches a year the calendar does not cover throws a CalendarCoverageError.
 */
import {
  addDays,
  addMonths,
  compareDates,
  isCivilDate,
  isIsoInstant,
  vietnamDate,
  type CivilDate,
} from './civil-date.js';
import { describeDay, type Calendar, type CalendarDay } from './calendar.js';
import type { DeadlineUnit } from '../definition/workflow-definition.js';

export interface DeadlineComputation {
  /** The start as a Vietnamese civil date; not counted. */
  readonly start: CivilDate;
  readonly amount: number;
  readonly unit: DeadlineUnit;
  /** Where the count ends before any move past non-working days (DAY, MONTH); = dueOn for WORKING_DAY. */
  readonly nominalEnd: CivilDate;
  /** The last day of the deadline: it is met by acting on or before this day (Vietnam time). */
  readonly dueOn: CivilDate;
  /**
   * The day each counted unit ends on, in order: the working days counted (WORKING_DAY), every
   * calendar day (DAY), or each month's corresponding day (MONTH). Its last entry is `nominalEnd`.
   */
  readonly counted: readonly CivilDate[];
  /**
   * The non-working days passed over: inside the count (WORKING_DAY), or after `nominalEnd` to reach
   * the next working day (DAY, MONTH).
   */
  readonly skipped: readonly CalendarDay[];
  /** True when a day the count relied on is in a year computed by rule, not yet announced. */
  readonly provisional: boolean;
  /** The rules applied, with their legal basis. */
  readonly basis: readonly string[];
  /** One paragraph, for the case history and the user. */
  readonly explanation: string;
}

const START_NOT_COUNTED =
  'Civil Code 2015 Art. 147(2): the start day is not counted; counting begins the next day';
const MOVE_TO_WORKING_DAY =
  'Civil Code 2015 Art. 148(5): a last day that is a weekly rest day or holiday moves to the next working day';

/** The Vietnamese civil date of an ISO instant with offset, or a civil date as it is. */
export function toVietnamDate(value: string): CivilDate {
  if (isCivilDate(value)) return value;
  if (isIsoInstant(value)) return vietnamDate(value);
  throw new RangeError(
    `Not a date (YYYY-MM-DD) or an ISO-8601 instant with an offset: ${String(value)}`,
  );
}

function weekdayName(day: CalendarDay): string {
  return (
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][
      day.weekday - 1
    ] ?? ''
  );
}

function describeSkipped(skipped: readonly CalendarDay[]): string {
  const weekends = skipped.filter((day) => day.status === 'WEEKEND').length;
  const named = skipped.filter((day) => day.status !== 'WEEKEND');
  const parts: string[] = [];
  if (weekends > 0) parts.push(`${weekends} weekend day${weekends === 1 ? '' : 's'}`);
  for (const day of named) parts.push(`${day.date} ${day.name?.vi ?? day.status}`);
  return parts.join(', ');
}

function unitLabel(amount: number, unit: DeadlineUnit): string {
  const noun = unit === 'WORKING_DAY' ? 'working day' : unit === 'DAY' ? 'day' : 'month';
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/** Days from `from` on, skipping non-working ones, until a working day: [working day, skipped]. */
function moveToWorkingDay(from: CivilDate, calendar: Calendar): [CalendarDay, CalendarDay[]] {
  const skipped: CalendarDay[] = [];
  let day = describeDay(from, calendar);
  while (!day.working) {
    skipped.push(day);
    day = describeDay(addDays(day.date, 1), calendar);
  }
  return [day, skipped];
}

/**
 * The last day of a deadline of `amount` units started at `start` (an ISO instant with offset, or
 * a civil date, taken in Vietnam). `amount` is a whole number ≥ 1. Throws a RangeError for bad
 * input and a CalendarCoverageError when the count reaches a year the calendar does not cover.
 */
export function computeDeadline(
  start: string,
  amount: number,
  unit: DeadlineUnit,
  calendar: Calendar,
): DeadlineComputation {
  const startDay = toVietnamDate(start);
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new RangeError(`A deadline amount is a whole number of at least 1, not ${amount}`);
  }
  const opening = `${unitLabel(amount, unit)} from ${startDay}, not counting that day`;

  if (unit === 'WORKING_DAY') {
    const counted: CalendarDay[] = [];
    const skipped: CalendarDay[] = [];
    let day = startDay;
    while (counted.length < amount) {
      day = addDays(day, 1);
      const info = describeDay(day, calendar);
      if (info.working) counted.push(info);
      else skipped.push(info);
    }
    const last = counted[counted.length - 1] as CalendarDay;
    const provisional = [...counted, ...skipped].some((info) => info.provisional);
    const makeUps = counted
      .filter((info) => info.status === 'MAKE_UP_WORKING_DAY')
      .map((info) => info.date);
    return {
      start: startDay,
      amount,
      unit,
      nominalEnd: day,
      dueOn: day,
      counted: counted.map((info) => info.date),
      skipped,
      provisional,
      basis: [
        START_NOT_COUNTED,
        'Working days (ngày làm việc) exclude weekly rest days, public holidays (Labour Code 2019 Art. 112) and days off in lieu or swapped; Saturdays worked in exchange (làm bù) count',
      ],
      explanation:
        `${opening}: ${counted.length} working days counted from ${counted[0]?.date ?? day}` +
        (skipped.length > 0
          ? `, skipping ${skipped.length} non-working days (${describeSkipped(skipped)})`
          : '') +
        (makeUps.length > 0 ? `; make-up working days counted: ${makeUps.join(', ')}` : '') +
        `. Due on ${day} (${weekdayName(last)}).` +
        (provisional ? ' Uses provisional calendar data (year not yet announced).' : ''),
    };
  }

  let nominalEnd: CivilDate;
  let countBasis: string;
  if (unit === 'DAY') {
    nominalEnd = addDays(startDay, amount);
    countBasis = 'Civil Code 2015 Art. 148(1): a deadline in days ends at the end of its last day';
  } else if (unit === 'MONTH') {
    nominalEnd = addMonths(startDay, amount);
    countBasis =
      'Civil Code 2015 Art. 148(3): a deadline in months ends on the corresponding day of the last month, or that month’s last day when it has none';
  } else {
    throw new RangeError(`Unknown deadline unit: ${String(unit)}`);
  }
  // Checked before listing the counted days, so an absurd amount fails fast on the calendar.
  const [due, skipped] = moveToWorkingDay(nominalEnd, calendar);
  const counted = Array.from({ length: amount }, (_, index) =>
    unit === 'DAY' ? addDays(startDay, index + 1) : addMonths(startDay, index + 1),
  );
  const provisional = due.provisional || skipped.some((day) => day.provisional);
  const moved =
    skipped.length > 0
      ? `; ${nominalEnd} is not a working day (${describeSkipped(skipped)}), so the deadline moves to the next working day`
      : '';
  return {
    start: startDay,
    amount,
    unit,
    nominalEnd,
    dueOn: due.date,
    counted,
    skipped,
    provisional,
    basis: [START_NOT_COUNTED, countBasis, MOVE_TO_WORKING_DAY],
    explanation:
      `${opening}: the count ends on ${nominalEnd}${moved}. Due on ${due.date} (${weekdayName(due)}).` +
      (provisional ? ' Uses provisional calendar data (year not yet announced).' : ''),
  };
}

/** Days from `from` back, skipping non-working ones, until a working day: [working day, skipped]. */
function moveBackToWorkingDay(from: CivilDate, calendar: Calendar): [CalendarDay, CalendarDay[]] {
  const skipped: CalendarDay[] = [];
  let day = describeDay(from, calendar);
  while (!day.working) {
    skipped.push(day);
    day = describeDay(addDays(day.date, -1), calendar);
  }
  return [day, skipped];
}

/**
 * A deadline counted back from `end` (a civil date or an instant, taken in Vietnam): the last
 * working day on which something may be done so that `amount` units, counted from the next day as
 * `computeDeadline` counts them, end on or before `end` — a reappointment notice "at least 90
 * working days before the term ends" (QĐ 377 Art. 40; NĐ 170 Art. 39: 90 days). By construction
 * `computeDeadline(dueOn, amount, unit).dueOn ≤ end`, and the next working day would not do
 * [I: the mirror of Civil Code 2015 Art. 147–148; the act itself on a working day].
 */
export function computeDeadlineBefore(
  end: string,
  amount: number,
  unit: DeadlineUnit,
  calendar: Calendar,
): DeadlineComputation {
  const endDay = toVietnamDate(end);
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new RangeError(`A deadline amount is a whole number of at least 1, not ${amount}`);
  }
  if (unit !== 'WORKING_DAY' && unit !== 'DAY' && unit !== 'MONTH') {
    throw new RangeError(`Unknown deadline unit: ${String(unit)}`);
  }
  const fits = (day: CivilDate) =>
    compareDates(computeDeadline(day, amount, unit, calendar).dueOn, endDay) <= 0;
  // A first guess at or after the answer, then back one day at a time until the count fits.
  let day: CivilDate;
  if (unit === 'WORKING_DAY') {
    // The amount-th working day on or before `end`, counted back; the day before it fits.
    let found = 0;
    day = addDays(endDay, 1);
    while (found < amount) {
      day = addDays(day, -1);
      if (describeDay(day, calendar).working) found += 1;
    }
    day = addDays(day, -1);
  } else {
    day = unit === 'DAY' ? addDays(endDay, -amount) : addMonths(endDay, -amount);
  }
  while (!fits(day)) day = addDays(day, -1);
  const nominalEnd = day;
  const [due, skipped] = moveBackToWorkingDay(day, calendar);
  const forward = computeDeadline(due.date, amount, unit, calendar);
  return {
    start: endDay,
    amount,
    unit,
    nominalEnd,
    dueOn: due.date,
    counted: forward.counted,
    skipped: [...skipped, ...forward.skipped],
    provisional: due.provisional || forward.provisional,
    basis: [
      'Counted back from the end: the last working day from which the period, counted forward, ends on or before it [I: mirror of Civil Code 2015 Art. 147–148]',
      ...forward.basis,
    ],
    explanation:
      `${unitLabel(amount, unit)} before ${endDay}: due on ${due.date} (${weekdayName(due)}) at the latest; ` +
      `counted forward from that day the period ends on ${forward.dueOn}.` +
      (forward.provisional ? ' Uses provisional calendar data (year not yet announced).' : ''),
  };
}

/**
 * The instant a deadline due on `dueOn` passes: 24:00 of that day in Vietnam (Civil Code 2015
 * Art. 148(6)), i.e. 17:00 UTC. A scheduler fires the expiry at this instant.
 */
export function deadlineEndsAt(dueOn: CivilDate): string {
  return new Date(`${addDays(dueOn, 1)}T00:00:00+07:00`).toISOString();
}

/** True once the Vietnamese date at `now` (an ISO instant with offset, or a civil date) is after `dueOn`. */
export function isOverdue(dueOn: CivilDate, now: string): boolean {
  return compareDates(toVietnamDate(now), dueOn) > 0;
}
