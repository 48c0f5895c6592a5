import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  daysInMonth,
  endOfMonth,
  formatYearsAndMonths,
  isCivilDate,
  isIsoInstant,
  isLeapYear,
  parseCivilDate,
  toYearsAndMonths,
  vietnamDate,
  wholeMonthsBetween,
  yearsAndMonthsBetween,
} from '../../../src/engine/calendar/civil-date.js';

const civilDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2100-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe('isCivilDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'])('accepts %s', (value) => {
    expect(isCivilDate(value)).toBe(true);
  });

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not divisible by 400
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-10',
    '25-01-10',
    '2025-01-10T00:00:00Z',
    ' 2025-01-10',
    '0000-01-01',
  ])('rejects %s', (value) => {
    expect(isCivilDate(value)).toBe(false);
  });

  it.each([null, undefined, 20250110, {}, []])('rejects the non-string %p', (value) => {
    expect(isCivilDate(value)).toBe(false);
  });

  it('parseCivilDate throws a RangeError on an invalid date', () => {
    expect(() => parseCivilDate('2025-02-30')).toThrow(RangeError);
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
  ])('isLeapYear(%i) is %p', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [2025, 4, 30],
    [2025, 12, 31],
  ])('daysInMonth(%i, %i) is %i', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it('endOfMonth gives the last day of the month', () => {
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(endOfMonth('2021-04-01')).toBe('2021-04-30');
  });
});

describe('vietnamDate', () => {
  it.each([
    ['2025-01-09T16:59:59Z', '2025-01-09'],
    ['2025-01-09T17:00:00Z', '2025-01-10'], // midnight in Hanoi
    ['2025-12-31T17:00:00.000Z', '2026-01-01'],
    ['2024-02-28T20:00:00Z', '2024-02-29'],
    ['2025-01-10T00:30:00+07:00', '2025-01-10'],
    ['2025-01-10T23:30:00-05:00', '2025-01-11'],
  ])('%s is %s in Vietnam', (instant, date) => {
    expect(vietnamDate(instant)).toBe(date);
  });

  it.each([
    '2025-01-10',
    '2025-01-10T10:00:00',
    'yesterday',
    '2025-02-30T10:00:00Z',
    '2025-01-10T24:00:00Z',
  ])('refuses %s, which is not an instant with an offset', (value) => {
    expect(isIsoInstant(value)).toBe(false);
    expect(() => vietnamDate(value)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-01-10', 365, '2026-01-10'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('refuses a fractional number of days', () => {
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('addMonths and addYears', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'], // clamped to the leap-year month end
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-01-10', 12, '2026-01-10'],
    ['2025-01-10', 24, '2027-01-10'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-01-15', -13, '2023-12-15'],
    ['1961-01-20', 60 * 12 + 3, '2021-04-20'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2020-06-30', 5, '2025-06-30'],
    ['2025-03-01', -1, '2024-03-01'],
  ])('%s + %i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('compareDates and daysBetween', () => {
  it('orders dates', () => {
    expect(compareDates('2025-01-09', '2025-01-10')).toBe(-1);
    expect(compareDates('2025-01-10', '2025-01-10')).toBe(0);
    expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
  });

  it('counts days across a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
  });

  it('agrees with addDays', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: -2000, max: 2000 }), (date, days) => {
        expect(daysBetween(date, addDays(date, days))).toBe(days);
      }),
    );
  });
});

describe('wholeMonthsBetween', () => {
  it.each([
    ['2022-01-10', '2024-01-09', 23],
    ['2022-01-10', '2024-01-10', 24],
    ['2023-10-15', '2025-06-15', 20], // scenario 11: 20 months in post
    ['2024-01-31', '2024-02-28', 0],
    ['2024-01-31', '2024-02-29', 1], // agrees with addMonths' month-end clamping
    ['2025-01-10', '2025-01-10', 0],
    ['2025-01-10', '2024-12-11', 0],
    ['2025-01-10', '2024-12-10', -1],
  ])('%s → %s is %i whole months', (a, b, months) => {
    expect(wholeMonthsBetween(a, b)).toBe(months);
  });

  it('is the largest n with addMonths(a, n) ≤ b', () => {
    fc.assert(
      fc.property(civilDate, civilDate, (x, y) => {
        const [a, b] = compareDates(x, y) <= 0 ? [x, y] : [y, x];
        const n = wholeMonthsBetween(a, b);
        expect(compareDates(addMonths(a, n), b)).toBeLessThanOrEqual(0);
        expect(compareDates(addMonths(a, n + 1), b)).toBe(1);
        expect(wholeMonthsBetween(b, a)).toBe(n === 0 ? 0 : -n);
      }),
    );
  });
});

describe('years and months', () => {
  it.each([
    [57, 0, 57 * 12],
    [4, 9, 57],
    [-1, -2, -14],
    [0, 0, 0],
  ])('%i years %i months is %i months', (years, months, total) => {
    expect(toYearsAndMonths(total)).toEqual({ years, months });
  });

  it('never produces -0', () => {
    expect(Object.is(toYearsAndMonths(-12).months, 0)).toBe(true);
    expect(Object.is(toYearsAndMonths(-5).years, 0)).toBe(true);
  });

  it('measures an age', () => {
    expect(yearsAndMonthsBetween('1968-03-15', '2025-06-15')).toEqual({ years: 57, months: 3 });
    expect(yearsAndMonthsBetween('1968-03-15', '2025-06-14')).toEqual({ years: 57, months: 2 });
    expect(yearsAndMonthsBetween('2030-03-31', '2025-06-15')).toEqual({ years: -4, months: -9 });
  });

  it('formats a span', () => {
    expect(formatYearsAndMonths({ years: 4, months: 9 })).toBe('4y9m');
    expect(formatYearsAndMonths({ years: -1, months: -2 })).toBe('-1y2m');
    expect(formatYearsAndMonths({ years: 0, months: -3 })).toBe('-0y3m');
  });
});
