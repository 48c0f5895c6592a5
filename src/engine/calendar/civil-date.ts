/**
 * Civil dates as ISO `YYYY-MM-DD` strings.
 *
 * Every computation goes through UTC (`Date.UTC`, `getUTC*`), so the host's time zone never
 * shifts a date. Functions that receive a date throw a RangeError when it is not a valid
 * calendar date; callers validate untrusted input with `isCivilDate` first.
 */

/** An ISO `YYYY-MM-DD` calendar date, e.g. `2025-01-10`. */
export type CivilDate = string;

export interface CivilDateParts {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

/** A signed whole-month span split into years and months; both carry the same sign. */
export interface YearsAndMonths {
  readonly years: number;
  readonly months: number;
}

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset (`Z` or `±HH:MM`): without one, Date.parse reads local time.
const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const MS_PER_DAY = 86_400_000;
// Vietnam (ICT) is UTC+07:00 all year; it has no daylight saving time.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a string `YYYY-MM-DD` naming a real calendar date (years 0001–9999). */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const match = CIVIL_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for an ISO-8601 instant with an explicit offset, e.g. `2025-03-01T08:30:00Z`. */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_INSTANT.exec(value);
  // Date.parse would roll 2025-02-30 over to March: the date part must be a real date.
  return match !== null && isCivilDate(match[1]) && !Number.isNaN(Date.parse(value));
}

export function parseCivilDate(date: CivilDate): CivilDateParts {
  if (!isCivilDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${String(date)}`);
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

export function formatCivilDate(parts: CivilDateParts): CivilDate {
  const year = String(parts.year).padStart(4, '0');
  const month = String(parts.month).padStart(2, '0');
  const day = String(parts.day).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

function toEpochDay(date: CivilDate): number {
  const { year, month, day } = parseCivilDate(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0–99 literal
  return Math.floor(utc.getTime() / MS_PER_DAY);
}

function fromUtcMillis(ms: number): CivilDate {
  const utc = new Date(ms);
  return formatCivilDate({
    year: utc.getUTCFullYear(),
    month: utc.getUTCMonth() + 1,
    day: utc.getUTCDate(),
  });
}

/** The civil date in Vietnam (UTC+07:00) at the given instant. */
export function vietnamDate(instant: string): CivilDate {
  if (!isIsoInstant(instant)) {
    throw new RangeError(`Not an ISO-8601 instant with an offset: ${String(instant)}`);
  }
  return fromUtcMillis(Date.parse(instant) + VIETNAM_OFFSET_MS);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromUtcMillis((toEpochDay(date) + days) * MS_PER_DAY);
}

/** Adds calendar months, clamping to the month's last day: 2024-01-31 + 1 month = 2024-02-29. */
export function addMonths(date: CivilDate, months: number): CivilDate {
  if (!Number.isSafeInteger(months))
    throw new RangeError(`Not a whole number of months: ${months}`);
  const { year, month, day } = parseCivilDate(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return formatCivilDate({
    year: newYear,
    month: newMonth,
    day: Math.min(day, daysInMonth(newYear, newMonth)),
  });
}

/** Adds calendar years, clamping 29 February: 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(date: CivilDate, years: number): CivilDate {
  if (!Number.isSafeInteger(years)) throw new RangeError(`Not a whole number of years: ${years}`);
  return addMonths(date, years * 12);
}

/** The last day of the date's month. */
export function endOfMonth(date: CivilDate): CivilDate {
  const { year, month } = parseCivilDate(date);
  return formatCivilDate({ year, month, day: daysInMonth(year, month) });
}

/** -1, 0 or 1 as `a` is before, on or after `b`. */
export function compareDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  const difference = toEpochDay(a) - toEpochDay(b);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** Signed number of days from `a` to `b`. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/**
 * Whole months from `a` to `b`: the largest n with `addMonths(a, n) ≤ b` (so it agrees with
 * `addMonths`, month-end clamping included); negative when `b` is before `a`.
 * 2022-01-10 → 2024-01-09 is 23 months; → 2024-01-10 is 24.
 */
export function wholeMonthsBetween(a: CivilDate, b: CivilDate): number {
  if (compareDates(b, a) < 0) return -wholeMonthsBetween(b, a) || 0; // no -0
  const from = parseCivilDate(a);
  const to = parseCivilDate(b);
  const estimate = (to.year - from.year) * 12 + (to.month - from.month);
  return compareDates(addMonths(a, estimate), b) > 0 ? estimate - 1 : estimate;
}

/** Splits a signed month count into years and months (same sign, no `-0`). */
export function toYearsAndMonths(totalMonths: number): YearsAndMonths {
  const magnitude = Math.abs(totalMonths);
  const sign = totalMonths < 0 ? -1 : 1;
  return {
    years: sign * Math.floor(magnitude / 12) || 0,
    months: sign * (magnitude % 12) || 0,
  };
}

/** The whole years and months from `a` to `b` (an age, a time left): 4 years 9 months. */
export function yearsAndMonthsBetween(a: CivilDate, b: CivilDate): YearsAndMonths {
  return toYearsAndMonths(wholeMonthsBetween(a, b));
}

/** `{years: 4, months: 9}` → `"4y9m"`, for reasons and audit details. */
export function formatYearsAndMonths(span: YearsAndMonths): string {
  return span.years < 0 || span.months < 0
    ? `-${formatYearsAndMonths({ years: -span.years, months: -span.months })}`
    : `${span.years}y${span.months}m`;
}
