import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../../../src/engine/calendar/civil-date.js';
import {
  CalendarCoverageError,
  isWorkingDay,
  workingDaysBetween,
} from '../../../src/engine/calendar/calendar.js';
import { deadlineDueOn } from '../../../src/engine/runtime/deadline-due.js';
import {
  computeDeadline,
  computeDeadlineBefore,
  deadlineEndsAt,
  isOverdue,
  toVietnamDate,
} from '../../../src/engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../../src/engine/calendar/vietnam-calendar.js';
import type { DeadlineUnit } from '../../../src/engine/definition/workflow-definition.js';

const calendar = VIETNAM_CALENDAR;
const due = (start: string, amount: number, unit: DeadlineUnit) =>
  computeDeadline(start, amount, unit, calendar).dueOn;

describe('computeDeadline — WORKING_DAY', () => {
  it(
    'resignation submitted Friday 24/01/2025 + 10 working days = Friday 14/02/2025: ' +
      '24/01 not counted | 25–26 weekend | 27–31 Tết | 01–02/02 weekend | WD 1–5 = 03–07/02 | ' +
      '08–09 weekend | WD 6–10 = 10–14/02',
    () => {
      const result = computeDeadline('2025-01-24', 10, 'WORKING_DAY', calendar);
      expect(result.dueOn).toBe('2025-02-14');
      expect(result.counted).toEqual([
        '2025-02-03',
        '2025-02-04',
        '2025-02-05',
        '2025-02-06',
        '2025-02-07',
        '2025-02-10',
        '2025-02-11',
        '2025-02-12',
        '2025-02-13',
        '2025-02-14',
      ]);
      expect(result.skipped.map((day) => day.date)).toEqual([
        '2025-01-25',
        '2025-01-26',
        '2025-01-27',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-02-01',
        '2025-02-02',
        '2025-02-08',
        '2025-02-09',
      ]);
      expect(result.provisional).toBe(false);
      expect(result.explanation).toContain('6 weekend days');
      expect(result.explanation).toContain('2025-01-27 Tết Nguyên đán');
      expect(result.explanation).toContain('Due on 2025-02-14 (Friday)');
      expect(result.basis.join(' ')).toContain('Art. 147(2)');
    },
  );

  it('a letter received on the Friday evening counts from the same Friday in Vietnam time', () => {
    // 23:30 Friday in Hà Nội is 16:30 UTC: still Friday 24/01.
    expect(computeDeadline('2025-01-24T16:30:00Z', 10, 'WORKING_DAY', calendar).start).toBe(
      '2025-01-24',
    );
    // One second before midnight in Vietnam the start is Thursday 23/01, so WD 1 is Friday 24/01 …
    expect(due('2025-01-23T16:59:59Z', 1, 'WORKING_DAY')).toBe('2025-01-24');
    // … at midnight it is Friday 24/01, and WD 1 is the first day after Tết, Monday 03/02.
    expect(due('2025-01-23T17:00:00Z', 1, 'WORKING_DAY')).toBe('2025-02-03');
    expect(due('2025-01-24T00:00:00+07:00', 1, 'WORKING_DAY')).toBe('2025-02-03');
  });

  it('start on a weekend: Saturday 08/03/2025 + 1 WD = Monday 10/03 (Sunday skipped)', () => {
    expect(due('2025-03-08', 1, 'WORKING_DAY')).toBe('2025-03-10');
    expect(due('2025-03-09T10:00:00+07:00', 1, 'WORKING_DAY')).toBe('2025-03-10');
    expect(due('2025-03-08', 5, 'WORKING_DAY')).toBe('2025-03-14');
  });

  it('start on a holiday: Wednesday 30/04/2025 + 3 WD = Wednesday 07/05 (01/05 holiday, 02/05 swapped off, 03–04 weekend)', () => {
    const result = computeDeadline('2025-04-30', 3, 'WORKING_DAY', calendar);
    expect(result.dueOn).toBe('2025-05-07');
    expect(result.skipped.map((day) => [day.date, day.status])).toEqual([
      ['2025-05-01', 'HOLIDAY'],
      ['2025-05-02', 'SWAPPED_DAY_OFF'],
      ['2025-05-03', 'WEEKEND'],
      ['2025-05-04', 'WEEKEND'],
    ]);
  });

  it('counts a make-up Saturday as a working day: Thursday 24/04/2025 + 2 WD = Saturday 26/04', () => {
    const result = computeDeadline('2025-04-24', 2, 'WORKING_DAY', calendar);
    expect(result.counted).toEqual(['2025-04-25', '2025-04-26']);
    expect(result.dueOn).toBe('2025-04-26');
    expect(result.explanation).toContain('make-up working days counted: 2025-04-26');
    // Friday 09/01/2026 + 1 WD = Saturday 10/01/2026, worked in exchange for Friday 02/01.
    expect(due('2026-01-09', 1, 'WORKING_DAY')).toBe('2026-01-10');
    // … and the swapped Friday is not counted: Thursday 01/01/2026 + 1 WD = Monday 05/01.
    expect(due('2026-01-01', 1, 'WORKING_DAY')).toBe('2026-01-05');
  });

  it('skips a compensatory day off: Friday 24/04/2026 + 1 WD = Tuesday 28/04 (27/04 in lieu of Giỗ Tổ)', () => {
    expect(due('2026-04-24', 1, 'WORKING_DAY')).toBe('2026-04-28');
  });

  it('flags a count that uses a provisional year', () => {
    // Thursday 04/02/2027 + 5 WD: Tết Đinh Mùi (provisional) 05–11/02 → 12, 15, 16, 17, 18/02.
    const result = computeDeadline('2027-02-04', 5, 'WORKING_DAY', calendar);
    expect(result.dueOn).toBe('2027-02-18');
    expect(result.provisional).toBe(true);
    expect(result.explanation).toContain('provisional');
  });

  it('is exact: the due date is a working day, n working days after the start, the earliest such day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 5 }),
        fc.integer({ min: 1, max: 60 }),
        (offset, amount) => {
          const start = addDays('2024-01-01', offset);
          const result = computeDeadline(start, amount, 'WORKING_DAY', calendar);
          expect(isWorkingDay(result.dueOn, calendar)).toBe(true);
          expect(workingDaysBetween(start, result.dueOn, calendar)).toBe(amount);
          expect(workingDaysBetween(start, addDays(result.dueOn, -1), calendar)).toBe(amount - 1);
          expect(result.counted).toHaveLength(amount);
          expect(result.counted.every((day) => isWorkingDay(day, calendar))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('computeDeadline — DAY', () => {
  it('a DAY deadline ending on Sunday moves to Monday: Thursday 06/03/2025 + 10 days = Sunday 16/03 → Monday 17/03', () => {
    const result = computeDeadline('2025-03-06', 10, 'DAY', calendar);
    expect(result.nominalEnd).toBe('2025-03-16');
    expect(result.dueOn).toBe('2025-03-17');
    expect(result.counted).toHaveLength(10);
    expect(result.counted[0]).toBe('2025-03-07');
    expect(result.skipped.map((day) => day.date)).toEqual(['2025-03-16']);
    expect(result.basis.join(' ')).toContain('Art. 148(5)');
  });

  it('ending on Saturday moves past the whole weekend', () => {
    expect(due('2025-03-05', 10, 'DAY')).toBe('2025-03-17');
  });

  it('ending in Tết moves past the holiday block: Friday 17/01/2025 + 10 days = 27/01 → Monday 03/02', () => {
    const result = computeDeadline('2025-01-17', 10, 'DAY', calendar);
    expect(result.nominalEnd).toBe('2025-01-27');
    expect(result.dueOn).toBe('2025-02-03');
    expect(result.skipped).toHaveLength(7);
  });

  it('ending on a working day stays, a make-up Saturday included (16/04/2025 + 10 = Saturday 26/04, worked)', () => {
    expect(due('2025-03-03', 10, 'DAY')).toBe('2025-03-13');
    expect(due('2025-04-16', 10, 'DAY')).toBe('2025-04-26');
  });

  it('domain scenario 23: NĐ 138 letter received on day 0, exchange on day 12 breaches the 10-day limit', () => {
    const dueOn = due('2025-03-03T09:00:00+07:00', 10, 'DAY');
    expect(dueOn).toBe('2025-03-13');
    expect(isOverdue(dueOn, '2025-03-13T16:00:00+07:00')).toBe(false);
    expect(isOverdue(dueOn, '2025-03-15T09:00:00+07:00')).toBe(true); // day 12
  });
});

describe('computeDeadline — MONTH', () => {
  it.each([
    // [start, months, nominal end, due]
    ['2025-01-31', 1, '2025-02-28', '2025-02-28'], // clamped to the month's end
    ['2024-01-31', 1, '2024-02-29', '2024-02-29'], // leap year
    ['2024-02-29', 12, '2025-02-28', '2025-02-28'], // 29/02 in a year without it
    ['2027-12-31', 2, '2028-02-29', '2028-02-29'], // into a leap February
    ['2025-03-31', 1, '2025-04-30', '2025-05-05'], // 30/04 holiday, 01/05 holiday, 02/05 swapped, weekend
    ['2025-08-31', 3, '2025-11-30', '2025-12-01'], // Sunday → Monday
    ['2025-05-15', 1, '2025-06-15', '2025-06-16'], // Sunday → Monday
  ])('%s + %i months: count ends %s, due %s', (start, months, nominalEnd, dueOn) => {
    const result = computeDeadline(start, months, 'MONTH', calendar);
    expect(result.nominalEnd).toBe(nominalEnd);
    expect(result.dueOn).toBe(dueOn);
    expect(result.counted).toHaveLength(months);
    expect(result.counted[months - 1]).toBe(nominalEnd);
  });

  it('lists the corresponding day of each month counted', () => {
    expect(computeDeadline('2025-08-31', 3, 'MONTH', calendar).counted).toEqual([
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
    ]);
  });
});

describe('computeDeadline — leaving the calendar', () => {
  it('throws when a working-day count runs past 2030', () => {
    // Friday 20/12/2030 + 10 WD: 7 working days are left in 2030.
    expect(() => computeDeadline('2030-12-20', 10, 'WORKING_DAY', calendar)).toThrow(
      CalendarCoverageError,
    );
    expect(() => computeDeadline('2030-12-20', 10, 'WORKING_DAY', calendar)).toThrow(
      /2031-01-01 is outside the working-day calendar/,
    );
    expect(due('2030-12-20', 7, 'WORKING_DAY')).toBe('2030-12-31');
  });

  it('throws when a day or month count ends past 2030', () => {
    expect(() => computeDeadline('2030-12-25', 10, 'DAY', calendar)).toThrow(CalendarCoverageError);
    expect(() => computeDeadline('2030-11-15', 2, 'MONTH', calendar)).toThrow(
      CalendarCoverageError,
    );
    // Monday 30/12/2030 is reached from Saturday 28/12 without leaving 2030.
    expect(due('2030-12-18', 10, 'DAY')).toBe('2030-12-30');
  });

  it('throws when the count starts before 2024', () => {
    expect(() => computeDeadline('2023-12-29', 1, 'WORKING_DAY', calendar)).toThrow(
      /2023-12-30 is outside/,
    );
  });

  it('needs no calendar for the start day itself, which is not counted', () => {
    // A DAY or MONTH count consults only its last days: 15/11/2023 + 2 months = Monday 15/01/2024.
    expect(due('2023-11-15', 2, 'MONTH')).toBe('2024-01-15');
    expect(due('2023-12-31', 1, 'WORKING_DAY')).toBe('2024-01-02');
  });
});

describe('computeDeadline — bad input', () => {
  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the amount %p', (amount) => {
    expect(() => computeDeadline('2025-03-03', amount, 'DAY', calendar)).toThrow(RangeError);
  });

  it.each(['yesterday', '2025-02-30', '2025-03-03T10:00:00', ''])(
    'refuses the start %p',
    (start) => {
      expect(() => computeDeadline(start, 1, 'DAY', calendar)).toThrow(RangeError);
    },
  );

  it('fails fast on an amount far beyond the calendar', () => {
    expect(() => computeDeadline('2025-03-03', 1_000_000_000, 'DAY', calendar)).toThrow(RangeError);
    expect(() => computeDeadline('2025-03-03', 1_000_000, 'MONTH', calendar)).toThrow(RangeError);
    expect(() => computeDeadline('2025-03-03', 1_000_000, 'WORKING_DAY', calendar)).toThrow(
      CalendarCoverageError,
    );
  });

  it('refuses an unknown unit', () => {
    expect(() => computeDeadline('2025-03-03', 1, 'WEEK' as DeadlineUnit, calendar)).toThrow(
      /Unknown deadline unit/,
    );
  });
});

describe('isOverdue, deadlineEndsAt and toVietnamDate', () => {
  it('a deadline passes at 24:00 of its last day in Vietnam (Civil Code 2015 Art. 148(6))', () => {
    expect(deadlineEndsAt('2025-02-14')).toBe('2025-02-14T17:00:00.000Z');
    expect(isOverdue('2025-02-14', '2025-02-14T16:59:59Z')).toBe(false);
    expect(isOverdue('2025-02-14', '2025-02-14T17:00:00Z')).toBe(true);
    expect(isOverdue('2025-02-14', '2025-02-15T00:00:00+07:00')).toBe(true);
    expect(isOverdue('2025-02-14', '2025-02-14')).toBe(false);
    expect(isOverdue('2025-02-14', '2025-02-15')).toBe(true);
  });

  it('agrees with deadlineEndsAt for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 2500 }),
        (now, offset) => {
          const dueOn = addDays('2024-01-01', offset);
          const instant = now.toISOString();
          expect(isOverdue(dueOn, instant)).toBe(
            now.getTime() >= Date.parse(deadlineEndsAt(dueOn)),
          );
        },
      ),
    );
  });

  it('reads instants in Vietnam time and civil dates as they are', () => {
    expect(toVietnamDate('2025-12-31T17:00:00Z')).toBe('2026-01-01');
    expect(toVietnamDate('2025-12-31T23:00:00+09:00')).toBe('2025-12-31');
    expect(toVietnamDate('2025-12-31')).toBe('2025-12-31');
    expect(() => toVietnamDate('31/12/2025')).toThrow(RangeError);
  });
});

describe('computeDeadlineBefore — a notice due before a term ends (QĐ 377 Art. 40; NĐ 170 Art. 39)', () => {
  it('is the last working day from which 90 working days end by the term end', () => {
    const result = computeDeadlineBefore('2026-06-30', 90, 'WORKING_DAY', calendar);
    expect(due(result.dueOn, 90, 'WORKING_DAY')).toBe('2026-06-30');
    expect(isWorkingDay(result.dueOn, calendar)).toBe(true);
  });

  it('counts 90 calendar days back, never landing on a day off (NĐ 170: 90 days)', () => {
    // 30/06/2026 − 90 days = Wednesday 01/04/2026.
    expect(computeDeadlineBefore('2026-06-30', 90, 'DAY', calendar).dueOn).toBe('2026-04-01');
    // A term ending Saturday 04/07/2026: 90 days from Sunday 05/04 end on 04/07, which is a day
    // off and so moves to Monday 06/07 — too late; Saturday 04/04 is a day off: Friday 03/04.
    expect(computeDeadlineBefore('2026-07-04', 90, 'DAY', calendar).dueOn).toBe('2026-04-03');
  });

  it('always fits, and the next working day would not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<DeadlineUnit>('WORKING_DAY', 'DAY', 'MONTH'),
        (offset, n, unit) => {
          const end = addDays('2025-06-01', offset);
          const amount = unit === 'MONTH' ? Math.min(n, 12) : n;
          const dueOn = computeDeadlineBefore(end, amount, unit, calendar).dueOn;
          expect(isWorkingDay(dueOn, calendar)).toBe(true);
          expect(due(dueOn, amount, unit) <= end).toBe(true);
          let next = addDays(dueOn, 1);
          while (!isWorkingDay(next, calendar)) next = addDays(next, 1);
          expect(due(next, amount, unit) > end).toBe(true);
        },
      ),
    );
  });
});

describe('deadlineDueOn', () => {
  it('counts from the case date when the deadline has one, else from its start', () => {
    const base = { startedAt: '2026-03-02T03:00:00Z', amount: 10, unit: 'WORKING_DAY' as const };
    expect(deadlineDueOn(base, calendar).dueOn).toBe(due('2026-03-02', 10, 'WORKING_DAY'));
    expect(deadlineDueOn({ ...base, countedFrom: '2026-02-20' }, calendar).dueOn).toBe(
      due('2026-02-20', 10, 'WORKING_DAY'),
    );
    expect(
      deadlineDueOn(
        { ...base, countedFrom: '2026-06-30', direction: 'before', amount: 90 },
        calendar,
      ).dueOn,
    ).toBe(computeDeadlineBefore('2026-06-30', 90, 'WORKING_DAY', calendar).dueOn);
  });
});
