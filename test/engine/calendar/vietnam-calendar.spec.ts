import { describe, expect, it } from '@jest/globals';
import {
  describeDay,
  nonWorkingWeekdays,
  workedWeekendDays,
} from '../../../src/engine/calendar/calendar.js';
import { parseCalendarData } from '../../../src/engine/calendar/calendar-data.js';
import { generateProvisionalYear } from '../../../src/engine/calendar/generate-provisional-year.js';
import { VIETNAM_CALENDAR } from '../../../src/engine/calendar/vietnam-calendar.js';
import { VIETNAM_CALENDAR_DATA } from '../../../src/engine/calendar/vietnam-calendar-data.js';
import {
  formatLunarDate,
  hungKingsCommemoration,
  lunarNewYear,
  solarToLunar,
} from '../../../src/engine/calendar/vietnamese-lunar.js';
import { GOLDEN_YEARS } from './vietnam-calendar.golden.js';

const YEARS = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
const ANNOUNCED = [2024, 2025, 2026];
const PROVISIONAL = [2027, 2028, 2029, 2030];

function year(key: number) {
  const data = VIETNAM_CALENDAR_DATA.years[String(key)];
  if (!data) throw new Error(`no data for ${key}`);
  return data;
}

describe('the built-in Vietnamese civil-service calendar', () => {
  it('is valid calendar data covering 2024–2030', () => {
    expect(() => parseCalendarData(VIETNAM_CALENDAR_DATA)).not.toThrow();
    expect(VIETNAM_CALENDAR.coveredYears).toEqual(YEARS);
    expect([...VIETNAM_CALENDAR.weekend].sort()).toEqual([6, 7]);
  });

  it('marks 2024–2026 as announced and 2027–2030 as provisional', () => {
    expect(VIETNAM_CALENDAR.provisionalYears).toEqual(PROVISIONAL);
    for (const key of ANNOUNCED) expect(year(key).provisional).toBe(false);
    for (const key of PROVISIONAL) expect(year(key).provisional).toBe(true);
  });

  it.each(ANNOUNCED)('names the government texts behind %i', (key) => {
    const references = year(key)
      .sources.map((source) => source.reference)
      .join(' | ');
    expect(references).toMatch(/Thông báo|Công văn/);
  });

  it.each(YEARS)('%i: the weekdays off are the golden list', (key) => {
    expect(nonWorkingWeekdays(key, VIETNAM_CALENDAR)).toEqual(GOLDEN_YEARS[key]?.weekdaysOff);
  });

  it.each(YEARS)('%i: the weekend days worked are the golden list', (key) => {
    expect(workedWeekendDays(key, VIETNAM_CALENDAR)).toEqual(GOLDEN_YEARS[key]?.weekendDaysWorked);
  });

  it.each(YEARS)(
    '%i: mùng 1 Tết and Giỗ Tổ Hùng Vương are holidays on their lunar dates',
    (key) => {
      const holidays = year(key).holidays;
      const tet = holidays.find((entry) => entry.date === lunarNewYear(key));
      const hungKings = holidays.find((entry) => entry.date === hungKingsCommemoration(key));
      expect(tet?.kind).toBe('LUNAR_NEW_YEAR');
      expect(hungKings?.kind).toBe('HUNG_KINGS');
      expect(holidays.filter((entry) => entry.kind === 'LUNAR_NEW_YEAR')).toHaveLength(5);
      expect(
        holidays.filter((entry) => entry.kind === 'NATIONAL_DAY').map((entry) => entry.date),
      ).toContain(`${key}-09-02`);
    },
  );

  it.each(YEARS)('%i: the lunar dates written in the data agree with the lunar calendar', (key) => {
    for (const entry of year(key).holidays.filter((holiday) => holiday.lunar !== undefined)) {
      expect(`${entry.date} ${entry.lunar}`).toBe(
        `${entry.date} ${formatLunarDate(solarToLunar(entry.date))}`,
      );
    }
  });

  it.each(PROVISIONAL)(
    '%i: the checked-in provisional year is what the generator computes',
    (key) => {
      expect(year(key)).toEqual(generateProvisionalYear(key));
    },
  );

  it('keeps the announced years where the government departed from the rule', () => {
    // The rule would give Tết 2025 as 28/01–01/02 with 03/02 in lieu of Saturday 01/02; the notice
    // fixed 27–31/01. The data follows the notice.
    expect(generateProvisionalYear(2025).holidays.map((entry) => entry.date)).toContain(
      '2025-02-01',
    );
    expect(describeDay('2025-01-27', VIETNAM_CALENDAR).status).toBe('HOLIDAY');
    expect(describeDay('2025-02-03', VIETNAM_CALENDAR).working).toBe(true);
  });

  it('includes Ngày Văn hóa Việt Nam from 2026 and does not make it up on a weekend', () => {
    expect(describeDay('2026-11-24', VIETNAM_CALENDAR)).toMatchObject({
      status: 'HOLIDAY',
      working: false,
      name: { vi: 'Ngày Văn hóa Việt Nam' },
    });
    expect(year(2025).holidays.some((entry) => entry.kind === 'CULTURE_DAY')).toBe(false);
    // Saturday 24/11/2029: outside Labour Code Art. 112(1), so Art. 111(3) gives no day in lieu.
    expect(describeDay('2029-11-24', VIETNAM_CALENDAR).status).toBe('HOLIDAY');
    expect(describeDay('2029-11-26', VIETNAM_CALENDAR).working).toBe(true);
  });
});
