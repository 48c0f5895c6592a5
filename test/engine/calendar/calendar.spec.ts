import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  CalendarCoverageError,
  coversDate,
  createCalendar,
  describeDay,
  isWorkingDay,
  nextWorkingDay,
  workingDayOnOrAfter,
  workingDaysBetween,
} from '../../../src/engine/calendar/calendar.js';
import {
  CalendarDataError,
  isoWeekday,
  parseCalendarData,
  parseCalendarYear,
  type CalendarYearData,
} from '../../../src/engine/calendar/calendar-data.js';
import { generateProvisionalYear } from '../../../src/engine/calendar/generate-provisional-year.js';
import {
  loadCalendarData,
  loadCalendarFile,
} from '../../../src/engine/calendar/load-calendar-file.js';
import { VIETNAM_CALENDAR } from '../../../src/engine/calendar/vietnam-calendar.js';
import { VIETNAM_CALENDAR_DATA } from '../../../src/engine/calendar/vietnam-calendar-data.js';

const calendar = VIETNAM_CALENDAR;

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof CalendarDataError) {
      return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
    throw error;
  }
  throw new Error('expected a CalendarDataError');
}

/** A small valid year: 2031 as the rule computes it, with one swap added. */
function year2031(): CalendarYearData {
  const computed = generateProvisionalYear(2031);
  return {
    ...computed,
    provisional: false,
    sources: [{ reference: 'Thông báo 1/TB-BNV (test)', issuer: 'Bộ Nội vụ', covers: 'test' }],
    daysOff: [
      ...computed.daysOff,
      {
        date: '2031-05-02',
        reason: 'SWAP',
        name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' },
        workedOn: '2031-05-10',
      },
    ],
    makeUpWorkingDays: [
      { date: '2031-05-10', name: { vi: 'Làm bù', en: 'Make-up day' }, replaces: '2031-05-02' },
    ],
  };
}

describe('isoWeekday', () => {
  it.each([
    ['2025-01-24', 5],
    ['2025-01-25', 6],
    ['2025-01-26', 7],
    ['2025-01-27', 1],
    ['2024-02-29', 4],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});

describe('describeDay and isWorkingDay', () => {
  it.each([
    ['2025-01-24', 'WORKING_DAY', true], // Friday
    ['2025-01-25', 'WEEKEND', false], // Saturday
    ['2025-01-29', 'HOLIDAY', false], // mùng 1 Tết Ất Tỵ
    ['2024-02-10', 'HOLIDAY', false], // mùng 1 Tết on a Saturday: still a holiday
    ['2024-02-13', 'COMPENSATORY_DAY_OFF', false], // in lieu of it
    ['2025-05-02', 'SWAPPED_DAY_OFF', false], // Friday given off for Saturday 26/04
    ['2025-04-26', 'MAKE_UP_WORKING_DAY', true], // the Saturday worked
    ['2026-01-10', 'MAKE_UP_WORKING_DAY', true],
  ] as const)('%s is %s', (date, status, working) => {
    expect(describeDay(date, calendar)).toMatchObject({ date, status, working });
    expect(isWorkingDay(date, calendar)).toBe(working);
  });

  it('names the holiday and says whether the year is provisional', () => {
    expect(describeDay('2026-04-27', calendar)).toMatchObject({
      name: { vi: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
      provisional: false,
    });
    expect(describeDay('2027-02-10', calendar)).toMatchObject({
      status: 'COMPENSATORY_DAY_OFF',
      provisional: true,
    });
  });

  it('refuses a date in a year the calendar does not cover, instead of assuming no holidays', () => {
    expect(() => isWorkingDay('2031-01-02', calendar)).toThrow(CalendarCoverageError);
    expect(() => isWorkingDay('2023-12-29', calendar)).toThrow(/covers 2024–2030/);
    const error = thrownBy(() => describeDay('2031-01-02', calendar));
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({
      code: 'OUTSIDE_CALENDAR',
      date: '2031-01-02',
      calendarId: 'vn-civil-service',
    });
    expect(coversDate('2030-12-31', calendar)).toBe(true);
    expect(coversDate('2031-01-01', calendar)).toBe(false);
  });

  it('refuses what is not a date', () => {
    expect(() => isWorkingDay('2025-02-30', calendar)).toThrow(RangeError);
  });
});

describe('nextWorkingDay and workingDayOnOrAfter', () => {
  it('steps over weekends, holidays and days off', () => {
    expect(nextWorkingDay('2025-01-24', calendar)).toBe('2025-02-03'); // Friday before Tết
    expect(nextWorkingDay('2025-04-29', calendar)).toBe('2025-05-05'); // past 30/4–4/5
    expect(nextWorkingDay('2025-04-25', calendar)).toBe('2025-04-26'); // the make-up Saturday
    expect(nextWorkingDay('2025-03-04', calendar)).toBe('2025-03-05');
  });

  it('keeps a working day and moves a day off', () => {
    expect(workingDayOnOrAfter('2025-03-04', calendar)).toBe('2025-03-04');
    expect(workingDayOnOrAfter('2025-03-08', calendar)).toBe('2025-03-10');
  });

  it('fails when the next working day is past the covered years', () => {
    // 31/12/2030 is a Tuesday; the next day is in 2031.
    expect(() => nextWorkingDay('2030-12-31', calendar)).toThrow(CalendarCoverageError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2025-03-03', '2025-03-03', calendar)).toBe(0);
    expect(workingDaysBetween('2025-03-03', '2025-03-04', calendar)).toBe(1);
    expect(workingDaysBetween('2025-03-07', '2025-03-10', calendar)).toBe(1); // Fri → Mon
    // 24/01/2025 → 14/02/2025: 27–31/01 Tết and three weekends are not counted.
    expect(workingDaysBetween('2025-01-24', '2025-02-14', calendar)).toBe(10);
    // Fri 25/04, the make-up Saturday 26/04, Mon 28/04, Tue 29/04, then 30/04–04/05 off, Mon 05/05.
    expect(workingDaysBetween('2025-04-24', '2025-05-05', calendar)).toBe(5);
  });

  it('is negative when the second date is earlier', () => {
    expect(workingDaysBetween('2025-02-14', '2025-01-24', calendar)).toBe(-10);
  });

  it('decides "was the deadline met" for domain scenario 27 (Party profile, 10 WD, 15 with reason)', () => {
    const proposal = '2025-03-03';
    expect(workingDaysBetween(proposal, '2025-03-20', calendar)).toBe(13);
    expect(workingDaysBetween(proposal, '2025-03-21', calendar)).toBe(14); // decided on WD 14
    expect(workingDaysBetween(proposal, '2025-03-21', calendar) <= 10).toBe(false); // breach
    expect(workingDaysBetween(proposal, '2025-03-21', calendar) <= 15).toBe(true); // allowed with reason
  });
});

describe('createCalendar with overrides', () => {
  it('adds a year an admin uploads', () => {
    const extended = createCalendar(VIETNAM_CALENDAR_DATA, { years: { '2031': year2031() } });
    expect(extended.coveredYears).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031]);
    expect(describeDay('2031-05-02', extended).status).toBe('SWAPPED_DAY_OFF');
    expect(describeDay('2031-05-10', extended).status).toBe('MAKE_UP_WORKING_DAY');
    // The built-in calendar is unchanged.
    expect(coversDate('2031-05-02', calendar)).toBe(false);
  });

  it('replaces a provisional year with the announced one', () => {
    const announced2027: CalendarYearData = {
      ...generateProvisionalYear(2027),
      provisional: false,
      sources: [{ reference: 'Thông báo 2/TB-BNV (test)', issuer: 'Bộ Nội vụ', covers: 'test' }],
      makeUpWorkingDays: [
        { date: '2027-01-09', name: { vi: 'Làm bù', en: 'Make-up day' }, replaces: '2027-02-12' },
      ],
      daysOff: [
        ...generateProvisionalYear(2027).daysOff,
        {
          date: '2027-02-12',
          reason: 'SWAP',
          name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' },
          workedOn: '2027-01-09',
        },
      ],
    };
    const updated = createCalendar(VIETNAM_CALENDAR_DATA, { years: { '2027': announced2027 } });
    expect(updated.provisionalYears).toEqual([2028, 2029, 2030]);
    expect(isWorkingDay('2027-02-12', updated)).toBe(false);
    expect(isWorkingDay('2027-02-12', calendar)).toBe(true);
  });

  it('leaves a gap uncovered rather than filling it', () => {
    const gappy = createCalendar(
      { ...VIETNAM_CALENDAR_DATA, years: {} },
      {
        years: {
          '2025': VIETNAM_CALENDAR_DATA.years['2025'] as CalendarYearData,
          '2027': generateProvisionalYear(2027),
        },
      },
    );
    expect(() => isWorkingDay('2026-06-01', gappy)).toThrow(/covers 2025, 2027/);
  });

  it('refuses an invalid override, naming every problem', () => {
    const broken = {
      ...year2031(),
      holidays: [
        ...year2031().holidays,
        { date: '2032-01-01', kind: 'NEW_YEAR', name: { vi: 'x', en: 'x' } },
      ],
      makeUpWorkingDays: [
        { date: '2031-05-12', name: { vi: 'Làm bù', en: 'Make-up day' }, replaces: '2031-05-02' },
      ],
    } as CalendarYearData;
    const problems = problemsOf(() =>
      createCalendar(VIETNAM_CALENDAR_DATA, { years: { '2031': broken } }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'years.2031.holidays[12].date: 2032-01-01 is not in 2031',
        'years.2031.makeUpWorkingDays[0].date: 2031-05-12 is not a weekly rest day: it is worked anyway',
        expect.stringContaining('the swapped day off 2031-05-02 names 2031-05-10'),
      ]),
    );
  });
});

describe('parseCalendarData and parseCalendarYear', () => {
  it('accepts the built-in data', () => {
    expect(parseCalendarData(VIETNAM_CALENDAR_DATA)).toBe(VIETNAM_CALENDAR_DATA);
  });

  it('reports structural problems with their paths', () => {
    const problems = problemsOf(() =>
      parseCalendarData({
        id: '',
        title: { vi: 'x' },
        weekend: [6, 8],
        years: {
          '25': {},
          '2025': {
            provisional: 'no',
            sources: [],
            holidays: [
              { date: '2025-01-01', kind: 'NEW_YEAR', name: { vi: 'a', en: 'a' } },
              { date: '2025-01-01', kind: 'PARTY', name: { vi: 'b', en: 'b' } },
            ],
            daysOff: [
              {
                date: '2025-01-04',
                reason: 'COMPENSATORY',
                name: { vi: 'c', en: 'c' },
                compensates: '2025-01-01',
              },
              { date: '2025-01-06', reason: 'LATER', name: { vi: 'd', en: 'd' } },
            ],
            makeUpWorkingDays: [],
            extra: true,
          },
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'id: must be a non-empty string',
        'title: "en" is required',
        expect.stringMatching(/^weekend: must list distinct ISO weekdays/),
        'years.25: must be keyed by a four-digit year',
        'years.2025.provisional: must be true or false',
        'years.2025.sources: must name at least one source',
        'years.2025.extra: is not a known property',
        'years.2025.holidays[1].kind: must be one of NEW_YEAR, LUNAR_NEW_YEAR, VICTORY_DAY, LABOUR_DAY, NATIONAL_DAY, HUNG_KINGS, CULTURE_DAY, OTHER',
        'years.2025.holidays[1]: 2025-01-01 is already listed at years.2025.holidays[0]',
        'years.2025.daysOff[0].compensates: 2025-01-01 is not a listed holiday on a weekly rest day',
        'years.2025.daysOff[0].date: 2025-01-04 is a weekly rest day already',
        'years.2025.daysOff[1].reason: must be COMPENSATORY or SWAP',
      ]),
    );
  });

  it('checks one uploaded year against the weekend of the calendar', () => {
    expect(parseCalendarYear(2031, year2031())).toEqual(year2031());
    expect(problemsOf(() => parseCalendarYear(2030, year2031()))).toContain(
      'years.2030.holidays[0].date: 2031-01-01 is not in 2030',
    );
    expect(problemsOf(() => parseCalendarYear(2031, 'nothing'))).toEqual([
      'years.2031: must be an object',
    ]);
  });

  it('rejects a document that is not an object', () => {
    expect(problemsOf(() => parseCalendarData([]))).toEqual(['(root): must be an object']);
  });
});

describe('loadCalendarFile', () => {
  const directory = mkdtempSync(join(tmpdir(), 'cadreflow-calendar-'));

  it('reads a calendar document from a JSON file', () => {
    const file = join(directory, 'vn.json');
    writeFileSync(file, JSON.stringify(VIETNAM_CALENDAR_DATA));
    const loaded = loadCalendarFile(file, { years: { '2031': year2031() } });
    expect(loaded.coveredYears).toHaveLength(8);
    expect(loadCalendarData(file)).toEqual(VIETNAM_CALENDAR_DATA);
    expect(isWorkingDay('2025-04-26', loaded)).toBe(true);
  });

  it('names the file when it is not JSON or not a calendar', () => {
    const notJson = join(directory, 'broken.json');
    writeFileSync(notJson, '{ "id": ');
    expect(() => loadCalendarFile(notJson)).toThrow(notJson);
    const notCalendar = join(directory, 'other.json');
    writeFileSync(notCalendar, JSON.stringify({ ...VIETNAM_CALENDAR_DATA, weekend: [0] }));
    expect(() => loadCalendarFile(notCalendar)).toThrow(/other\.json: .*weekend/);
  });
});
